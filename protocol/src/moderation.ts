/**
 * Why the host acted on a participant. The web server mutes or removes people through LiveKit's
 * server API (clients are never trusted to enforce it) and, just before, sends the target a
 * reliable data message on the `parley.moderation` topic: `{type, reason}`.
 */
import { z } from 'zod';
import { encodePacket } from './packets.ts';

export const MODERATION_TOPIC = 'parley.moderation';
export const MODERATION_ACTIONS = ['muted', 'removed'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
/** Longest reason shown to the participant. */
export const MAX_MODERATION_REASON_CHARS = 200;

/** Server → participant. */
export const moderationMessageSchema = z.object({
  type: z.enum(MODERATION_ACTIONS),
  reason: z.string(),
});
export type ModerationMessage = z.output<typeof moderationMessageSchema>;

export function encodeModerationMessage(m: ModerationMessage): Uint8Array<ArrayBuffer> {
  return encodePacket(m);
}

/** What the participant is told. */
export interface ModerationNotice {
  type: ModerationAction | 'ended';
  /** Text to show the participant. */
  message: string;
}

const DEFAULT_REASONS: Record<ModerationAction, string> = {
  muted: 'The host muted your microphone.',
  removed: 'The host removed you from the meeting.',
};

/** What a receiver requires: a known action; a missing or blank reason gets the default. */
const receivedSchema = moderationMessageSchema.extend({ reason: z.unknown().optional() });

/** Parses a moderation data message; null when it is not one (never throws). */
export function parseModerationMessage(
  payload: Uint8Array,
  topic: string | undefined,
): ModerationNotice | null {
  if (topic !== MODERATION_TOPIC) return null;
  try {
    const r = receivedSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    if (!r.success) return null;
    const { type, reason } = r.data;
    const text = typeof reason === 'string' && reason.trim() ? reason : DEFAULT_REASONS[type];
    return { type, message: text.slice(0, MAX_MODERATION_REASON_CHARS) };
  } catch {
    return null;
  }
}
