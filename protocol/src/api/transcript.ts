/**
 * Transcript corrections: the JSON API's request bodies and responses, and the room message
 * that tells everyone in a live meeting about a correction (`parley.transcript_correction`,
 * sent by the web server through LiveKit's server API; receivers ignore and log anything else).
 */
import { z } from 'zod';
import { decodePacket, encodePacket } from '../packets.ts';

/** Longest line text, in characters. */
export const MAX_SEGMENT_CHARS = 5000;
/** Longest speaker name. */
export const MAX_SPEAKER_NAME_CHARS = 100;
export const TRANSCRIPT_EDIT_KINDS = ['text', 'split', 'merge', 'speaker'] as const;
export type TranscriptEditKind = (typeof TRANSCRIPT_EDIT_KINDS)[number];

const version = z.number().int().min(1);
const lineText = z
  .string()
  .trim()
  .min(1, 'text must not be empty')
  .max(MAX_SEGMENT_CHARS, `text must be at most ${MAX_SEGMENT_CHARS} characters`);

/** `PATCH …/transcript/segments/{segmentId}`. */
export const editSegmentBodySchema = z.object({ text: lineText, version });
/** `POST …/transcript/segments/{segmentId}/split`: `offset` in characters of the text. */
export const splitSegmentBodySchema = z.object({ offset: z.number().int().min(1), version });
/** `POST …/transcript/segments/{segmentId}/merge`: with the next line (the same speaker's). */
export const mergeSegmentBodySchema = z.object({
  version,
  /** The line the editor saw next: another one there now means the edit is stale (409). */
  nextSegmentId: z.string().min(1).max(200).optional(),
});
/** `PUT …/transcript/speakers`: a name, or a member of the meeting (their account's name). */
export const renameSpeakerBodySchema = z
  .object({
    speakerKey: z.string().min(1).max(300),
    name: z
      .string()
      .trim()
      .min(1, 'name must not be empty')
      .max(MAX_SPEAKER_NAME_CHARS, `name must be at most ${MAX_SPEAKER_NAME_CHARS} characters`)
      .optional(),
    userId: z.uuid().optional(),
  })
  .refine((b) => (b.name === undefined) !== (b.userId === undefined), {
    message: 'give either a name or a userId',
    path: ['name'],
  });

export const apiTranscriptSegmentSchema = z.object({
  segmentId: z.string(),
  /** Who the line belongs to for naming (the participant identity, or a diarized `id#n`). */
  speakerKey: z.string(),
  speakerIdentity: z.string(),
  speakerName: z.string(),
  text: z.string(),
  startMs: z.number().int(),
  endMs: z.number().int(),
  /** Send it back with an edit; a newer one on the server means someone else edited (409). */
  version: z.number().int(),
});
export type ApiTranscriptSegment = z.output<typeof apiTranscriptSegmentSchema>;

export const apiSpeakerSchema = z.object({
  speakerKey: z.string(),
  name: z.string(),
  /** The member chosen for this speaker, if any. */
  userId: z.string().nullable(),
  lines: z.number().int(),
});
export type ApiSpeaker = z.output<typeof apiSpeakerSchema>;

/** `GET /api/meetings/{id}/transcript`. */
export const apiTranscriptSchema = z.object({
  segments: z.array(apiTranscriptSegmentSchema),
  speakers: z.array(apiSpeakerSchema),
  canEdit: z.boolean(),
  /** Members a speaker can be named as (editors only; empty otherwise). */
  members: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ApiTranscript = z.output<typeof apiTranscriptSchema>;

export const apiTranscriptEditSchema = z.object({
  id: z.string(),
  kind: z.enum(TRANSCRIPT_EDIT_KINDS),
  segmentId: z.string().nullable(),
  relatedSegmentId: z.string().nullable(),
  speakerKey: z.string().nullable(),
  /** Who (null once their account is gone). */
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.iso.datetime(),
  before: z.unknown(),
  after: z.unknown(),
});
export type ApiTranscriptEdit = z.output<typeof apiTranscriptEditSchema>;

/**
 * What an edit returns (and the room message carries): lines now as stored, lines removed (a
 * merge), and speakers renamed.
 */
export const transcriptChangeSchema = z.object({
  segments: z.array(apiTranscriptSegmentSchema).max(10_000),
  removed: z.array(z.object({ segmentId: z.string(), speakerIdentity: z.string() })).max(100),
  speakers: z.array(z.object({ speakerKey: z.string(), name: z.string() })).max(100),
});
export type TranscriptChange = z.output<typeof transcriptChangeSchema>;

/** Room data topic of corrections (server → everyone in the room). */
export const TRANSCRIPT_CORRECTION_TOPIC = 'parley.transcript_correction';
/** Largest correction packet a receiver reads. */
export const MAX_CORRECTION_PACKET_BYTES = 60_000;

export const transcriptCorrectionMessageSchema = transcriptChangeSchema.extend({
  type: z.literal('transcript.correction'),
});
export type TranscriptCorrectionMessage = z.output<typeof transcriptCorrectionMessageSchema>;

export function encodeTranscriptCorrection(change: TranscriptChange): Uint8Array<ArrayBuffer> {
  return encodePacket({ type: 'transcript.correction', ...change });
}

/**
 * Parses a correction packet; `ignored` (with why) when it is another topic, oversize, not JSON
 * or not a correction. Never throws.
 */
export function parseTranscriptCorrection(
  payload: Uint8Array,
  topic: string | undefined,
): { ok: true; message: TranscriptCorrectionMessage } | { ok: false; reason: string } {
  if (topic !== TRANSCRIPT_CORRECTION_TOPIC) return { ok: false, reason: 'topic' };
  let data: unknown;
  try {
    data = decodePacket(payload, MAX_CORRECTION_PACKET_BYTES);
  } catch {
    return { ok: false, reason: 'undecodable' };
  }
  const r = transcriptCorrectionMessageSchema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, reason: 'malformed' };
}
