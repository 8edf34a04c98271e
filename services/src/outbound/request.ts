import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressAllowed, type OutboundPolicy } from './policy.ts';

// One HTTP request to a user-given URL, guarded: the host's addresses are resolved and checked
// (policy.ts) at connect time, so the checked address is the one connected to (no DNS rebinding
// between check and use); every redirect hop is checked the same way; the whole exchange has one
// deadline and the response body a size cap.

export type OutboundErrorCode =
  | 'invalid_url'
  | 'blocked_address'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'too_many_redirects'
  | 'redirect_not_followed'
  | 'response_too_large';

export class OutboundError extends Error {
  override name = 'OutboundError';
  readonly code: OutboundErrorCode;
  constructor(code: OutboundErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
  /** A retry cannot help (the URL or its addresses are refused). */
  get permanent(): boolean {
    return this.code === 'invalid_url' || this.code === 'blocked_address';
  }
}

export interface OutboundRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Deadline of the whole exchange, redirects included (ms). */
  timeoutMs: number;
  /** Redirects followed (POST: only 307/308, which keep method and body). */
  maxRedirects?: number;
  maxResponseBytes?: number;
  /** Past `maxResponseBytes`: stop reading and answer with what came (else an error). */
  truncateResponse?: boolean;
  policy: OutboundPolicy;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

/** Parses a user-given URL: http(s), no credentials. Throws OutboundError('invalid_url'). */
export function parseOutboundUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OutboundError('invalid_url', 'not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new OutboundError('invalid_url', 'only http and https URLs');
  }
  if (u.username || u.password) throw new OutboundError('invalid_url', 'no credentials in URLs');
  return u;
}

function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '');
}

/** Resolves the URL's host and checks every address; throws when one is refused. */
export async function checkOutboundUrl(raw: string, policy: OutboundPolicy): Promise<URL> {
  const u = parseOutboundUrl(raw);
  const host = hostOf(u);
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve, reject) => {
        dnsLookup(host, { all: true }, (err, list) =>
          err ? reject(new OutboundError('dns_failed')) : resolve(list.map((a) => a.address)),
        );
      });
  if (addresses.length === 0 || !addresses.every((a) => addressAllowed(a, policy))) {
    throw new OutboundError('blocked_address', 'the address is not allowed');
  }
  return u;
}

/** A DNS lookup that refuses hosts with any address outside the policy. */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, list: LookupAddress[]) => {
      if (err) return callback(new OutboundError('dns_failed'), '', 0);
      if (list.length === 0 || !list.every((a) => addressAllowed(a.address, policy))) {
        return callback(new OutboundError('blocked_address'), '', 0);
      }
      if (options.all) return (callback as (e: null, l: LookupAddress[]) => void)(null, list);
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function outboundRequest(
  rawUrl: string,
  o: OutboundRequest,
): Promise<OutboundResponse> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  let url = parseOutboundUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const res = await once(url, o, signal);
    if (!REDIRECTS.has(res.status)) return res;
    const location = res.headers.location;
    if (hop >= (o.maxRedirects ?? 0) || !location) {
      throw new OutboundError(location ? 'too_many_redirects' : 'redirect_not_followed');
    }
    const method = o.method ?? 'GET';
    if (method !== 'GET' && res.status !== 307 && res.status !== 308) {
      throw new OutboundError('redirect_not_followed', `a ${res.status} would change the method`);
    }
    url = parseOutboundUrl(new URL(location, url).toString());
  }
}

function once(url: URL, o: OutboundRequest, signal: AbortSignal): Promise<OutboundResponse> {
  const host = hostOf(url);
  if (isIP(host) && !addressAllowed(host, o.policy)) {
    return Promise.reject(new OutboundError('blocked_address', 'the address is not allowed'));
  }
  const max = o.maxResponseBytes ?? 64 * 1024;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => {
      if (err instanceof OutboundError) return reject(err);
      if (signal.aborted) return reject(new OutboundError('timeout'));
      reject(new OutboundError('connect_failed', (err as NodeJS.ErrnoException).code ?? 'error'));
    };
    const req = send(
      url,
      {
        method: o.method ?? 'GET',
        headers: {
          'user-agent': 'Parley-Webhooks/1',
          ...o.headers,
          ...(o.body !== undefined ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}),
        },
        lookup: guardedLookup(o.policy),
        signal,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) {
            if (!o.truncateResponse) return req.destroy(new OutboundError('response_too_large'));
            res.destroy();
            return done();
          }
          chunks.push(c);
        });
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            url: url.toString(),
          });
        res.on('end', done);
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(o.body);
  });
}
