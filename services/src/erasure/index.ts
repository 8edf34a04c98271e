import {
  deleteMeeting,
  deleteRecordingRows,
  deleteTranscripts,
  deleteUserAccount,
  meetingObjectPrefix,
  meetingsDeletedWithAccount,
  type Db,
  type Meeting,
  type Recording,
} from '@parley/db';
import {
  VectorStoreUnavailableError,
  meetingNamespace,
  type VectorStore,
} from '../indexing/index.ts';
import type { ObjectStore } from '../storage/index.ts';

/** What locates a meeting's data: its id, and its team and owner (the vectors' namespace). */
export type MeetingRef = Pick<Meeting, 'id' | 'team_id' | 'owner_id'>;

export interface MeetingEraserDeps {
  db: Db;
  /** The object store; null when none is configured (nothing stored). */
  objects: ObjectStore | null;
  /** The semantic index's vector store; null without semantic search. */
  vectors: VectorStore | null;
}

/**
 * The one way a meeting's data is deleted, used by meeting deletion, account deletion and
 * retention. Stored objects go first, then vectors, then the rows: a step that fails leaves the
 * rows, so the deletion can be run again (every step is idempotent) and nothing stays behind
 * unreferenced. Logs nothing: callers log ids.
 */
export class MeetingEraser {
  readonly #d: MeetingEraserDeps;

  constructor(deps: MeetingEraserDeps) {
    this.#d = deps;
  }

  /** Everything of a meeting: its objects (`meetings/<id>/`), its vectors, then its rows. */
  async eraseMeeting(meeting: MeetingRef): Promise<void> {
    await this.#d.objects?.removePrefix(meetingObjectPrefix(meeting.id));
    await this.#eraseVectors(meeting);
    await deleteMeeting(this.#d.db, meeting.id);
  }

  /**
   * An account: each meeting that goes with it (its own, not the team meetings another member
   * inherits) as `eraseMeeting`, then the account's rows. Returns the meetings deleted.
   */
  async eraseAccount(userId: string): Promise<string[]> {
    const going = await meetingsDeletedWithAccount(this.#d.db, userId);
    for (const m of going) await this.eraseMeeting(m);
    const late = await deleteUserAccount(this.#d.db, userId);
    // A meeting created while this ran lost its rows with the account: its data goes now.
    for (const id of late) await this.eraseMeeting({ id, team_id: null, owner_id: userId });
    return [...going.map((m) => m.id), ...late];
  }

  /** Recordings: their objects (with unfinished uploads), then their rows. */
  async eraseRecordings(
    recordings: Pick<Recording, 'id' | 'object_key' | 'upload_id'>[],
  ): Promise<void> {
    if (recordings.length === 0) return;
    const { objects } = this.#d;
    if (objects) {
      await objects.removeObjects(recordings.map((r) => r.object_key));
      for (const r of recordings) {
        if (r.upload_id) await objects.abortMultipart(r.object_key, r.upload_id).catch(() => {});
      }
    }
    await deleteRecordingRows(
      this.#d.db,
      recordings.map((r) => r.id),
    );
  }

  /**
   * Transcripts (with the summaries, action items and fields quoting them): their vectors, then
   * their rows. Returns the segments removed.
   */
  async eraseTranscripts(meetings: MeetingRef[]): Promise<number> {
    for (const m of meetings) await this.#eraseVectors(m);
    return deleteTranscripts(
      this.#d.db,
      meetings.map((m) => m.id),
    );
  }

  async #eraseVectors(meeting: MeetingRef): Promise<void> {
    try {
      await this.#d.vectors?.deleteMeeting(meetingNamespace(meeting), meeting.id);
    } catch (err) {
      // A store that cannot exist here (pgvector missing) holds nothing to delete.
      if (!(err instanceof VectorStoreUnavailableError)) throw err;
    }
  }
}
