import { z } from 'zod';
import { decodePacket, encodePacket } from './packets.ts';

/**
 * "Catch me up": a member in the room asks the agent for a recap of the meeting so far; the
 * agent answers that member alone. One topic each way; the `type` field repeats it.
 */
export const CATCHUP_REQUEST_TOPIC = 'parley.catchup_request';
export const CATCHUP_TOPIC = 'parley.catchup';

/** Largest packet read either way (a recap is a few KB). */
export const MAX_CATCHUP_BYTES = 32 * 1024;
/** Points per list in a recap. */
export const MAX_CATCHUP_POINTS = 8;
const MAX_POINT_CHARS = 600;

const requestId = z.string().min(1).max(64);

export const catchupRequestSchema = z.object({
  type: z.literal(CATCHUP_REQUEST_TOPIC),
  v: z.literal(1),
  requestId,
});
export type CatchupRequest = z.output<typeof catchupRequestSchema>;

const pointSchema = z.object({
  text: z.string().max(MAX_POINT_CHARS),
  /** ms from the meeting's start; null when the point names no line. */
  startMs: z.number().int().nonnegative().nullable(),
});
export type CatchupPoint = z.output<typeof pointSchema>;

export const CATCHUP_STATUSES = ['ok', 'empty', 'busy', 'failed'] as const;

export const catchupMessageSchema = z.object({
  type: z.literal(CATCHUP_TOPIC),
  v: z.literal(1),
  requestId,
  /** ok: a recap; empty: nothing said yet; busy: asked again too soon; failed: try again. */
  status: z.enum(CATCHUP_STATUSES),
  /** Written by a language model, or lines picked from what was said. */
  source: z.enum(['llm', 'extractive']).nullable(),
  /** The recap covers the meeting up to here (ms from its start). */
  uptoMs: z.number().int().nonnegative().nullable(),
  overview: z.string().max(2000),
  keyPoints: z.array(pointSchema).max(MAX_CATCHUP_POINTS),
  decisions: z.array(pointSchema).max(MAX_CATCHUP_POINTS),
  openQuestions: z.array(pointSchema).max(MAX_CATCHUP_POINTS),
  /** Busy: when asking again works (ms). */
  retryInMs: z.number().int().nonnegative().optional(),
});
export type CatchupMessage = z.output<typeof catchupMessageSchema>;

/** Cuts a recap to what the message allows (long points shortened, lists capped). */
export function fitCatchupPoints(points: readonly CatchupPoint[]): CatchupPoint[] {
  return points.slice(0, MAX_CATCHUP_POINTS).map((p) => ({
    text: p.text.length > MAX_POINT_CHARS ? `${p.text.slice(0, MAX_POINT_CHARS - 1)}…` : p.text,
    startMs: p.startMs === null ? null : Math.max(0, Math.round(p.startMs)),
  }));
}

export function encodeCatchup(m: CatchupRequest | CatchupMessage): Uint8Array<ArrayBuffer> {
  return encodePacket(m);
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  try {
    const r = schema.safeParse(decodePacket(raw, MAX_CATCHUP_BYTES));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** A request from a data packet; null for anything malformed or too large (never throws). */
export function parseCatchupRequest(raw: unknown): CatchupRequest | null {
  return parse(catchupRequestSchema, raw);
}

/** The agent's answer from a data packet; null for anything malformed or too large. */
export function parseCatchupMessage(raw: unknown): CatchupMessage | null {
  return parse(catchupMessageSchema, raw);
}
