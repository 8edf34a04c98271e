import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

// Which addresses server-side requests to user-given URLs (webhooks, calendar feeds) may reach:
// never loopback, private, link-local (cloud metadata), CGNAT, multicast or reserved ranges,
// unless the operator allows some networks (`OUTBOUND_ALLOWED_NETWORKS`).

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT (also Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: AWS/GCP/Azure metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local (AWS's fd00:ec2::254 metadata)
  ['fe80::', 10],
  ['ff00::', 8],
];

const blocked = new BlockList();
for (const [a, p] of BLOCKED_V4) blocked.addSubnet(a, p, 'ipv4');
for (const [a, p] of BLOCKED_V6) blocked.addSubnet(a, p, 'ipv6');

export interface OutboundPolicy {
  /** Networks allowed although they are in a blocked range (tests: the local receiver). */
  allowed: BlockList | null;
}

export const defaultOutboundPolicy: OutboundPolicy = { allowed: null };

function family(ip: string): 'ipv4' | 'ipv6' | null {
  const v = isIP(ip);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : null;
}

/** True when a request may go to this IP address (IPv4-mapped IPv6 counts as IPv4). */
export function addressAllowed(ip: string, policy: OutboundPolicy): boolean {
  const f = family(ip);
  if (!f) return false;
  if (!blocked.check(ip, f)) return true;
  return policy.allowed?.check(ip, f) ?? false;
}

/** Parses `a.b.c.d/nn, ::1, …` into a BlockList; null for an empty list. */
export function parseNetworks(
  list: string,
): { ok: true; list: BlockList | null } | { ok: false; bad: string } {
  const items = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return { ok: true, list: null };
  const out = new BlockList();
  for (const item of items) {
    const [addr = '', prefix] = item.split('/');
    const f = family(addr);
    const max = f === 'ipv4' ? 32 : 128;
    const p = prefix === undefined ? max : Number(prefix);
    if (!f || !/^\d{1,3}$/.test(prefix ?? String(max)) || p > max) return { ok: false, bad: item };
    out.addSubnet(addr, p, f);
  }
  return { ok: true, list: out };
}

/** The operator's allow list (web and agent read it; tests allow 127.0.0.1/32). */
export const outboundEnvSchema = z.object({
  OUTBOUND_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .transform((v, ctx): OutboundPolicy => {
      const r = parseNetworks(v);
      if (!r.ok) {
        ctx.addIssue({
          code: 'custom',
          message: `OUTBOUND_ALLOWED_NETWORKS: "${r.bad}" is not an IP address or CIDR network`,
        });
        return z.NEVER;
      }
      return { allowed: r.list };
    }),
});
