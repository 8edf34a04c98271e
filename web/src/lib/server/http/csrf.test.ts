import { describe, expect, it } from 'vitest';
import { isCrossOriginWrite } from './csrf.ts';

const ORIGIN = 'https://parley.example';
const req = (method: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/api/meetings`, { method, headers });

describe('isCrossOriginWrite', () => {
  it('refuses writes from another origin', () => {
    expect(isCrossOriginWrite(req('POST', { origin: 'https://evil.example' }), ORIGIN)).toBe(true);
    expect(isCrossOriginWrite(req('DELETE', { origin: 'null' }), ORIGIN)).toBe(true);
    expect(isCrossOriginWrite(req('PATCH', { 'sec-fetch-site': 'cross-site' }), ORIGIN)).toBe(true);
    expect(isCrossOriginWrite(req('PUT', { 'sec-fetch-site': 'same-site' }), ORIGIN)).toBe(true);
  });

  it('allows same-origin writes, reads, non-browser clients and bearer tokens', () => {
    expect(isCrossOriginWrite(req('POST', { origin: ORIGIN }), ORIGIN)).toBe(false);
    expect(isCrossOriginWrite(req('POST', { 'sec-fetch-site': 'same-origin' }), ORIGIN)).toBe(
      false,
    );
    expect(isCrossOriginWrite(req('GET', { origin: 'https://evil.example' }), ORIGIN)).toBe(false);
    expect(isCrossOriginWrite(req('POST'), ORIGIN)).toBe(false);
    expect(
      isCrossOriginWrite(
        req('POST', { origin: 'https://evil.example', authorization: 'Bearer parley_pat_x' }),
        ORIGIN,
      ),
    ).toBe(false);
  });
});
