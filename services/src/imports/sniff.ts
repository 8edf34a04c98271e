import type { ImportFormat } from '@parley/protocol';

/** Bytes `sniffAudio` needs to decide. */
export const SNIFF_BYTES = 12;

const ascii = (b: Uint8Array, at: number, s: string) =>
  b.length >= at + s.length && [...s].every((c, i) => b[at + i] === c.charCodeAt(0));

/** An MPEG audio frame header (layer I–III; not AAC's ADTS, whose layer bits are 00). */
function mpegFrame(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrate = b2 >> 4;
  const rate = (b2 >> 2) & 3;
  // Free-format (bitrate 0) streams are too rare to be worth the false positives.
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 0xf && rate !== 3;
}

/**
 * The container of an audio or video file from its first bytes (its name and declared type are
 * not trusted); null when it is none the importer takes.
 */
export function sniffAudio(head: Uint8Array): ImportFormat | null {
  if ((ascii(head, 0, 'RIFF') || ascii(head, 0, 'RF64')) && ascii(head, 8, 'WAVE')) return 'wav';
  if (ascii(head, 4, 'ftyp')) return 'mp4';
  if (ascii(head, 0, 'OggS')) return 'ogg';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  if (ascii(head, 0, 'fLaC')) return 'flac';
  if (ascii(head, 0, 'ID3') || mpegFrame(head)) return 'mp3';
  return null;
}
