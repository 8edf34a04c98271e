import { describe, expect, it } from 'vitest';
import {
  CATCHUP_REQUEST_TOPIC,
  CATCHUP_TOPIC,
  encodeCatchup,
  fitCatchupPoints,
  parseCatchupMessage,
  parseCatchupRequest,
  type CatchupMessage,
} from './catchup.ts';

const answer: CatchupMessage = {
  type: CATCHUP_TOPIC,
  v: 1,
  requestId: 'r1',
  status: 'ok',
  source: 'extractive',
  uptoMs: 61_000,
  overview: '1-minute meeting.',
  keyPoints: [{ text: 'Revenue grew 12 %.', startMs: 14_000 }],
  decisions: [],
  openQuestions: [{ text: 'Who owns the launch?', startMs: null }],
};

describe('catch-up packets', () => {
  it('round-trip', () => {
    const req = { type: CATCHUP_REQUEST_TOPIC, v: 1, requestId: 'r1' } as const;
    expect(parseCatchupRequest(encodeCatchup(req))).toEqual(req);
    expect(parseCatchupMessage(encodeCatchup(answer))).toEqual(answer);
  });

  it('ignore anything malformed, of another version or topic, or too large', () => {
    for (const bad of [
      'not json',
      new Uint8Array([0xff, 0xfe]),
      { type: CATCHUP_REQUEST_TOPIC, v: 2, requestId: 'r' },
      { type: CATCHUP_TOPIC, v: 1, requestId: 'r' },
      { type: CATCHUP_REQUEST_TOPIC, v: 1, requestId: '' },
      { type: CATCHUP_REQUEST_TOPIC, v: 1, requestId: 'x'.repeat(65) },
      encodeCatchup({ ...answer, overview: 'x'.repeat(40_000) }),
    ]) {
      expect(parseCatchupRequest(bad)).toBeNull();
    }
    expect(parseCatchupMessage({ ...answer, status: 'maybe' })).toBeNull();
    expect(
      parseCatchupMessage({ ...answer, keyPoints: Array(9).fill(answer.keyPoints[0]) }),
    ).toBeNull();
    expect(
      parseCatchupMessage(encodeCatchup({ type: CATCHUP_REQUEST_TOPIC, v: 1, requestId: 'r' })),
    ).toBeNull();
  });

  it('fit a recap into a message', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ text: `p${i}`, startMs: i * 1000.4 }));
    expect(fitCatchupPoints(many)).toHaveLength(8);
    expect(fitCatchupPoints(many)[1]?.startMs).toBe(1000);
    const long = fitCatchupPoints([{ text: 'y'.repeat(700), startMs: null }]);
    expect(long[0]?.text).toHaveLength(600);
    expect(long[0]?.text.endsWith('…')).toBe(true);
  });
});
