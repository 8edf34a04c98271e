import { describe, expect, it } from 'vitest';
import { addressAllowed, outboundEnvSchema, parseNetworks } from './policy.ts';
import { parseOutboundUrl } from './request.ts';

const none = { allowed: null };

describe('outbound address policy', () => {
  it('refuses loopback, private, link-local, metadata, CGNAT and reserved addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      'fd00:ec2::254',
      'fe80::1',
      '64:ff9b::7f00:1',
    ]) {
      expect(addressAllowed(ip, none), ip).toBe(false);
    }
    for (const ip of ['93.184.215.14', '1.1.1.1', '2606:4700::1111']) {
      expect(addressAllowed(ip, none), ip).toBe(true);
    }
    expect(addressAllowed('not-an-ip', none)).toBe(false);
  });

  it('allows exactly the networks an operator lists', () => {
    const r = parseNetworks('127.0.0.1/32, 10.0.0.0/8,::1');
    if (!r.ok) throw new Error(r.bad);
    const p = { allowed: r.list };
    expect(addressAllowed('127.0.0.1', p)).toBe(true);
    expect(addressAllowed('127.0.0.2', p)).toBe(false);
    expect(addressAllowed('10.9.9.9', p)).toBe(true);
    expect(addressAllowed('::1', p)).toBe(true);
    expect(addressAllowed('169.254.169.254', p)).toBe(false);
  });

  it('names a bad entry of OUTBOUND_ALLOWED_NETWORKS', () => {
    expect(parseNetworks('')).toEqual({ ok: true, list: null });
    expect(parseNetworks('10.0.0.0/33')).toEqual({ ok: false, bad: '10.0.0.0/33' });
    const r = outboundEnvSchema.safeParse({ OUTBOUND_ALLOWED_NETWORKS: 'example.com' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/OUTBOUND_ALLOWED_NETWORKS: "example.com"/);
  });

  it('takes only http(s) URLs without credentials', () => {
    expect(parseOutboundUrl('https://hooks.example.com/x').hostname).toBe('hooks.example.com');
    for (const bad of [
      'ftp://x.example/',
      'file:///etc/passwd',
      'https://u:p@x.example/',
      'nope',
    ]) {
      expect(() => parseOutboundUrl(bad), bad).toThrow();
    }
  });
});
