/** Read-only share links of a meeting and what a link shows to people without an account. */
import { z } from 'zod';
import { ACTION_ITEM_STATUSES, MEETING_TYPES } from '../enums.ts';

const iso = z.iso.datetime();

/** A share link as the meeting's hosts see it (`GET /api/meetings/{id}/shares`); no secret. */
export const apiShareSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  createdAt: iso,
  /** Who made it (null once their account is gone). */
  createdBy: z.string().nullable(),
  expiresAt: iso,
  revokedAt: iso.nullable(),
  active: z.boolean(),
  /** Beside the recap (summary and action items), which the link always shows. */
  includes: z.object({ transcript: z.boolean(), recording: z.boolean() }),
  views: z.number().int(),
  lastViewedAt: iso.nullable(),
  /** The link asks for a password before it shows anything. */
  passwordProtected: z.boolean(),
});
export type ApiShare = z.output<typeof apiShareSchema>;

/** `POST /api/meetings/{id}/shares`: the link; its secret is in this response only. */
export const apiShareCreatedSchema = z.object({
  share: apiShareSchema,
  token: z.string(),
  path: z.string(),
  url: z.string(),
});
export type ApiShareCreated = z.output<typeof apiShareCreatedSchema>;

const point = z.object({ text: z.string(), startMs: z.number().int().nullable() });

/** What a share link shows (`GET /api/shares/{token}`, the page `/s/{token}`). */
export const apiSharedMeetingSchema = z.object({
  meeting: z.object({
    title: z.string(),
    type: z.enum(MEETING_TYPES),
    scheduledAt: iso.nullable(),
    startedAt: iso.nullable(),
    endedAt: iso.nullable(),
  }),
  sharedBy: z.string().nullable(),
  expiresAt: iso,
  /** Null until the meeting's summary is written. */
  summary: z
    .object({
      overview: z.string(),
      keyPoints: z.array(point),
      decisions: z.array(point),
      openQuestions: z.array(point),
    })
    .nullable(),
  /** The meeting's action items (those a host rejected left out). */
  actionItems: z.array(
    z.object({
      text: z.string(),
      owner: z.string().nullable(),
      dueDate: z.string().nullable(),
      status: z.enum(ACTION_ITEM_STATUSES),
      startMs: z.number().int().nullable(),
    }),
  ),
  /** Null when the link does not include the transcript. */
  transcript: z
    .array(
      z.object({
        startMs: z.number().int(),
        endMs: z.number().int(),
        speaker: z.string(),
        text: z.string(),
      }),
    )
    .nullable(),
  /**
   * Null when the link does not include the recording; else the finished recordings, each
   * played from `url` (the link's own address, which redirects to a fresh short-lived URL).
   */
  recordings: z
    .array(
      z.object({
        id: z.uuid(),
        durationMs: z.number().int().nullable(),
        offsetMs: z.number().int(),
        url: z.string(),
      }),
    )
    .nullable(),
});
export type ApiSharedMeeting = z.output<typeof apiSharedMeetingSchema>;
