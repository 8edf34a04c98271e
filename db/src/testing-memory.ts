import type { Db } from './client.ts';
import { replaceActionItems } from './queries/action-items.ts';
import { createMeeting, markMeetingEnded } from './queries/meetings.ts';
import { replaceExtractions, upsertSummary } from './queries/postmeeting.ts';
import { setMeetingSubject } from './queries/subjects.ts';

export interface MeetingAbout {
  ownerId: string;
  teamId: string | null;
  subjectId: string;
  title: string;
  at: Date;
}

/** A scheduled meeting about a subject. */
export async function meetingAbout(db: Db, o: MeetingAbout) {
  const m = await createMeeting(db, {
    title: o.title,
    type: 'general',
    ownerId: o.ownerId,
    teamId: o.teamId,
    scheduledAt: o.at,
  });
  await setMeetingSubject(db, m.id, o.subjectId);
  return m;
}

/**
 * An ended meeting about a subject with what the post-meeting chain would have stored: a summary
 * (overview with markup to escape, a key point at 4.2 s), an MRR of $50k (7 s) and an open action
 * item for Grace due 2026-12-10 (9 s).
 */
export async function endedMeetingAbout(db: Db, o: MeetingAbout) {
  const m = await meetingAbout(db, o);
  await db.updateTable('meetings').set({ started_at: o.at }).where('id', '=', m.id).execute();
  await markMeetingEnded(db, m.id);
  await upsertSummary(db, {
    meetingId: m.id,
    run: 1,
    source: 'extractive',
    overview: 'They want a <pilot> in Q1.',
    keyPoints: [{ text: 'Budget approved by the board', segmentId: 'x', startMs: 4200 }],
    decisions: [],
    openQuestions: [],
  });
  await replaceExtractions(db, m.id, 1, [
    {
      fieldId: 'mrr',
      label: 'MRR',
      type: 'money',
      value: '$50k',
      unit: 'per month',
      segmentId: 'x',
      startMs: 7000,
      source: 'rules',
    },
  ]);
  await replaceActionItems(db, m.id, 1, [
    {
      text: 'Send the security questionnaire',
      ownerIdentity: null,
      ownerName: 'Grace',
      dueDate: '2026-12-10',
      dueText: null,
      segmentId: 'x',
      startMs: 9000,
      source: 'rules',
    },
  ]);
  return m;
}
