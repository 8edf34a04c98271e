import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type {
  MeetingExtraction,
  MeetingSummary,
  PostmeetingRun,
  PostmeetingStepRecord,
  SummaryContent,
} from '../schema.ts';

// Post-meeting pipeline: runs (one row per run of the chain), and the results each step
// replaces as a whole (summary, action items, extracted fields), so a retried or re-run step
// never leaves duplicates.

/**
 * Creates run 1 of the meeting unless a run exists (automatic triggers: room_finished and
 * "meeting ended" may both fire). Returns the run to enqueue, or null when one already existed.
 */
export async function ensureFirstRun(
  db: Db,
  meetingId: string,
  trigger: string,
): Promise<number | null> {
  const row = await db
    .insertInto('postmeeting_runs')
    .values({ meeting_id: meetingId, run: 1, trigger })
    .onConflict((oc) => oc.columns(['meeting_id', 'run']).doNothing())
    .returning('run')
    .executeTakeFirst();
  return row?.run ?? null;
}

/** Creates the next run (re-run by a host); returns its number. */
export async function createNextRun(
  db: Db,
  meetingId: string,
  trigger: string,
  requestedBy: string | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent re-runs of one meeting.
    await sql`select pg_advisory_xact_lock(hashtext(${`postmeeting:${meetingId}`}))`.execute(trx);
    const last = await trx
      .selectFrom('postmeeting_runs')
      .select((eb) => eb.fn.max('run').as('run'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    const run = Number(last?.run ?? 0) + 1;
    await trx
      .insertInto('postmeeting_runs')
      .values({ meeting_id: meetingId, run, trigger, requested_by: requestedBy })
      .execute();
    return run;
  });
}

export async function findRun(
  db: Db,
  meetingId: string,
  run: number,
): Promise<PostmeetingRun | undefined> {
  return db
    .selectFrom('postmeeting_runs')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('run', '=', run)
    .executeTakeFirst();
}

/** The newest run of the meeting. */
export async function latestRun(db: Db, meetingId: string): Promise<PostmeetingRun | undefined> {
  return db
    .selectFrom('postmeeting_runs')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('run', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks an attempt started (status running, attempts + 1). */
export async function markRunStarted(db: Db, meetingId: string, run: number): Promise<void> {
  await db
    .updateTable('postmeeting_runs')
    .set((eb) => ({
      status: 'running',
      error: null,
      attempts: eb('attempts', '+', 1),
      started_at: eb.fn.coalesce('started_at', eb.val(new Date())),
    }))
    .where('meeting_id', '=', meetingId)
    .where('run', '=', run)
    .execute();
}

/** Records one step's state (merged into `steps`) and makes it the current step. */
export async function recordRunStep(
  db: Db,
  meetingId: string,
  run: number,
  step: string,
  record: PostmeetingStepRecord,
): Promise<void> {
  await db
    .updateTable('postmeeting_runs')
    .set({
      step,
      steps: sql`steps || jsonb_build_object(${step}::text, ${JSON.stringify(record)}::jsonb)`,
    })
    .where('meeting_id', '=', meetingId)
    .where('run', '=', run)
    .execute();
}

/** Appends a warning (no personal data: codes and ids only). */
export async function addRunWarning(
  db: Db,
  meetingId: string,
  run: number,
  warning: string,
): Promise<void> {
  await db
    .updateTable('postmeeting_runs')
    .set({ warnings: sql`warnings || to_jsonb(${warning}::text)` })
    .where('meeting_id', '=', meetingId)
    .where('run', '=', run)
    .where(sql<boolean>`not warnings @> to_jsonb(${warning}::text)`)
    .execute();
}

/** Marks the run done; `completions` counts how often this happened (must be 1). */
export async function markRunDone(db: Db, meetingId: string, run: number): Promise<void> {
  await db
    .updateTable('postmeeting_runs')
    .set((eb) => ({
      status: 'done',
      step: null,
      error: null,
      finished_at: new Date(),
      completions: eb('completions', '+', 1),
    }))
    .where('meeting_id', '=', meetingId)
    .where('run', '=', run)
    .where('status', '!=', 'done')
    .execute();
}

/**
 * Records a failed attempt. `final` marks the run failed (no retries left); otherwise it goes back
 * to queued (BullMQ retries it after a backoff). `error` is a short code-like message.
 */
export async function markRunFailed(
  db: Db,
  meetingId: string,
  run: number,
  error: string,
  final: boolean,
): Promise<void> {
  await db
    .updateTable('postmeeting_runs')
    .set({
      status: final ? 'failed' : 'queued',
      error: error.slice(0, 500),
      ...(final ? { finished_at: new Date() } : {}),
    })
    .where('meeting_id', '=', meetingId)
    .where('run', '=', run)
    .where('status', '!=', 'done')
    .execute();
}

// ---------------------------------------------------------------- results

export interface SummaryInput extends SummaryContent {
  meetingId: string;
  run: number;
  source: 'llm' | 'extractive';
}

const contentColumns = (c: SummaryContent) => ({
  overview: c.overview,
  key_points: JSON.stringify(c.keyPoints),
  decisions: JSON.stringify(c.decisions),
  open_questions: JSON.stringify(c.openQuestions),
});

/**
 * Writes the pipeline's summary of the meeting. It becomes what people see unless a person has
 * edited the summary: then theirs stays, and this one is kept as the version a revert restores.
 */
export async function upsertSummary(db: Db, s: SummaryInput): Promise<void> {
  const machine: SummaryContent = {
    overview: s.overview,
    keyPoints: s.keyPoints,
    decisions: s.decisions,
    openQuestions: s.openQuestions,
  };
  const keepEdited = (column: string) =>
    sql`case when meeting_summaries.edited_at is null then excluded.${sql.ref(column)} else meeting_summaries.${sql.ref(column)} end`;
  await db
    .insertInto('meeting_summaries')
    .values({
      meeting_id: s.meetingId,
      run: s.run,
      source: s.source,
      ...contentColumns(machine),
      machine: JSON.stringify(machine),
    })
    .onConflict((oc) =>
      oc.column('meeting_id').doUpdateSet({
        run: s.run,
        source: s.source,
        machine: JSON.stringify(machine),
        overview: keepEdited('overview'),
        key_points: keepEdited('key_points'),
        decisions: keepEdited('decisions'),
        open_questions: keepEdited('open_questions'),
        updated_at: sql`now()`,
      } as never),
    )
    .execute();
}

export async function findSummary(db: Db, meetingId: string): Promise<MeetingSummary | undefined> {
  return db
    .selectFrom('meeting_summaries')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
}

/** A person's version of the summary; undefined when the meeting has none yet. */
export async function editSummary(
  db: Db,
  meetingId: string,
  content: SummaryContent,
  userId: string,
): Promise<MeetingSummary | undefined> {
  return db
    .updateTable('meeting_summaries')
    .set({ ...contentColumns(content), edited_at: new Date(), edited_by: userId })
    .where('meeting_id', '=', meetingId)
    .returningAll()
    .executeTakeFirst();
}

/** Back to the pipeline's latest version; undefined when there is none to go back to. */
export async function revertSummary(
  db: Db,
  meetingId: string,
): Promise<MeetingSummary | undefined> {
  return db
    .updateTable('meeting_summaries')
    .set({
      overview: sql`machine->>'overview'`,
      key_points: sql`machine->'keyPoints'`,
      decisions: sql`machine->'decisions'`,
      open_questions: sql`machine->'openQuestions'`,
      edited_at: null,
      edited_by: null,
    } as never)
    .where('meeting_id', '=', meetingId)
    .where('machine', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}

export interface ExtractionInput {
  fieldId: string;
  label: string;
  type: string;
  value: string;
  unit: string | null;
  segmentId: string | null;
  startMs: number | null;
  source: 'llm' | 'rules';
}

/** Replaces the meeting's extracted fields. */
export async function replaceExtractions(
  db: Db,
  meetingId: string,
  run: number,
  fields: ExtractionInput[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meeting_extractions').where('meeting_id', '=', meetingId).execute();
    if (fields.length === 0) return;
    await trx
      .insertInto('meeting_extractions')
      .values(
        fields.map((f) => ({
          meeting_id: meetingId,
          field_id: f.fieldId,
          run,
          label: f.label,
          type: f.type,
          value: f.value,
          unit: f.unit,
          segment_id: f.segmentId,
          start_ms: f.startMs,
          source: f.source,
        })),
      )
      .execute();
  });
}

export async function listExtractions(db: Db, meetingId: string): Promise<MeetingExtraction[]> {
  return db
    .selectFrom('meeting_extractions')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('field_id')
    .execute();
}
