/** Reading and writing JSON data packets (LiveKit `publishData` payloads). */

/** UTF-8 JSON bytes for `publishData`. */
export function encodePacket(message: unknown): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(message));
}

/**
 * The JSON value of a data packet: bytes (strict UTF-8) or a string are parsed, anything else is
 * taken as already parsed. Throws when the packet is over `maxBytes`, not UTF-8 or not JSON;
 * callers turn that into "ignored".
 */
export function decodePacket(raw: unknown, maxBytes = Infinity): unknown {
  let data = raw;
  if (raw instanceof Uint8Array) {
    if (raw.byteLength > maxBytes) throw new RangeError('packet too large');
    data = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  }
  if (typeof data === 'string') {
    if (data.length > maxBytes) throw new RangeError('packet too large');
    data = JSON.parse(data);
  }
  return data;
}
