import { type Logger } from '@parley/services/log';
import { RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';
import {
  insertCoverageChanges,
  insertSuggestions,
  setSuggestionStatus,
  upsertCoverage,
  type Db,
  type Meeting,
  type StoredSuggestionStatus,
} from '@parley/db';
import { loadChecklist } from '@parley/prompts';
import { meetingNamespace, type Indexing } from '@parley/services/indexing';
import {
  FEEDBACK_TOPIC,
  TRANSCRIPT_CORRECTION_TOPIC,
  encodeMessage,
  parseTranscriptCorrection,
  type ChecklistMessage,
  type SuggestionsMessage,
} from '@parley/protocol';
import {
  SuggestionSession,
  type CoverageChange,
  type FinalSegment,
  type Suggestion,
  type SuggestionEngine,
} from '../suggestions/index.ts';
import { isMember } from './members.ts';
import { SubjectMemorySource } from './memory-context.ts';

export interface RoomSuggestionsDeps {
  room: Room;
  meeting: Pick<
    Meeting,
    'id' | 'type' | 'subject' | 'subject_id' | 'checklist' | 'owner_id' | 'team_id'
  >;
  engine: SuggestionEngine;
  db: Db;
  log: Logger;
  /** Past passages are also found by meaning when set (embeddings + vector store). */
  indexing?: Indexing | null;
  scheduler?: { debounceMs?: number; fullIntervalMs?: number };
  /** Run timings (metrics). */
  onRun?: (info: { kind: string; engine: string; ms: number; added: number }) => void;
}

/**
 * Live suggestions for one meeting room: final segments go in; suggestions and checklist
 * coverage go out to the members of the room (never to guests) as reliable data packets, and
 * into the database; feedback packets (asked / dismissed / pinned) come back from members.
 */
export class RoomSuggestions {
  readonly #d: RoomSuggestionsDeps;
  readonly session: SuggestionSession;
  /** The subject's earlier meetings (null: the meeting has no subject). */
  readonly #memory: SubjectMemorySource | null;
  #closed = false;

  constructor(deps: RoomSuggestionsDeps) {
    this.#d = deps;
    const m = deps.meeting;
    const vectors = deps.indexing
      ? {
          indexing: deps.indexing,
          namespace: meetingNamespace(m),
          onError: (err: unknown) =>
            deps.log.warn({ err: errName(err) }, 'memory vectors not read'),
        }
      : null;
    const memory = m.subject_id
      ? new SubjectMemorySource(deps.db, m.subject_id, m.id, vectors)
      : null;
    this.#memory = memory;
    const base = loadChecklist(m.type);
    // A meeting keeps its own (editable) copy of the items; the template's question and category
    // for an item with the same id fill in what the copy lacks.
    const byId = new Map(base.items.map((i) => [i.id, i]));
    const checklist =
      m.checklist.length > 0
        ? { ...base, items: m.checklist.map((i) => ({ ...byId.get(i.id), ...i })) }
        : base;
    this.session = new SuggestionSession({
      meetingType: m.type,
      subject: m.subject ?? '',
      checklist,
      engine: deps.engine,
      logger: deps.log,
      scheduler: {
        ...(deps.scheduler?.debounceMs !== undefined
          ? { debounceMs: deps.scheduler.debounceMs }
          : {}),
        ...(deps.scheduler?.fullIntervalMs !== undefined
          ? { fullIntervalMs: deps.scheduler.fullIntervalMs }
          : {}),
      },
      ...(memory ? { retrievePassages: (text: string) => memory.passages(text) } : {}),
      publish: (msg) => this.#send(msg),
      onSuggestions: (added) => void this.#store(added),
      onStatus: (s, cause, segmentId) =>
        void this.#status(s, cause === 'feedback' ? this.#lastFeedbackBy : cause, segmentId),
      onRun: deps.onRun,
    });
  }

  #lastFeedbackBy = 'unknown';

  start(): void {
    const room = this.#d.room;
    room.on(RoomEvent.DataReceived, this.#onData);
    room.on(RoomEvent.ParticipantConnected, this.#onJoin);
    // People already in the room (e.g. after a failover) get the current state at once.
    this.#sendSnapshot(this.#recipients());
    void this.#loadPast();
  }

  /** A final segment was stored and published. */
  addFinal(seg: FinalSegment): void {
    if (this.#closed) return;
    const changes = this.session.addSegment(seg);
    if (changes.length === 0) return;
    void this.#storeCoverage(changes);
  }

  /** The items' states and the changes that led there (each with the segment that caused it). */
  async #storeCoverage(changes: readonly CoverageChange[]): Promise<void> {
    const meetingId = this.#d.meeting.id;
    try {
      await upsertCoverage(
        this.#d.db,
        this.session.coverage.items().map((c) => ({
          meeting_id: meetingId,
          item_id: c.item.id,
          state: c.state,
          segment_ids: [
            ...c.mentionIds,
            ...(c.questionId ? [c.questionId] : []),
            ...(c.answerId ? [c.answerId] : []),
          ],
        })),
      );
      await insertCoverageChanges(
        this.#d.db,
        changes.map((c) => ({
          meeting_id: meetingId,
          item_id: c.itemId,
          from_state: c.from,
          to_state: c.to,
          segment_id: c.segmentId,
        })),
      );
    } catch (err) {
      this.#d.log.warn({ err: errName(err) }, 'coverage not stored');
    }
  }

  #recipients(): string[] {
    return [...this.#d.room.remoteParticipants.values()].filter(isMember).map((p) => p.identity);
  }

  async #send(msg: SuggestionsMessage | ChecklistMessage, to = this.#recipients()): Promise<void> {
    // With no one allowed to see them, nothing is sent (an empty list would mean "everyone").
    if (to.length === 0 || this.#closed) return;
    await this.#d.room.localParticipant?.publishData(encodeMessage(msg), {
      reliable: true,
      topic: msg.type,
      destination_identities: to,
    });
  }

  #onJoin = (p: RemoteParticipant): void => {
    if (isMember(p)) this.#sendSnapshot([p.identity]);
  };

  /** The checklist and the current cards, to people who have not had them yet. */
  #sendSnapshot(to: string[]): void {
    const snap = this.session.snapshot();
    for (const msg of [snap.checklist, snap.suggestions]) {
      this.#send(msg, to).catch((err: unknown) =>
        this.#d.log.warn({ err: errName(err), topic: msg.type }, 'snapshot not sent'),
      );
    }
  }

  #onData = (
    payload: Uint8Array,
    participant?: RemoteParticipant,
    _kind?: unknown,
    topic?: string,
  ): void => {
    if (topic === TRANSCRIPT_CORRECTION_TOPIC) {
      this.#onCorrection(payload, participant);
      return;
    }
    if (topic !== FEEDBACK_TOPIC || !participant) return;
    if (!isMember(participant)) {
      this.#d.log.warn({ participantSid: participant.sid }, 'feedback from a guest ignored');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      this.#d.log.warn({ participantSid: participant.sid }, 'malformed feedback ignored');
      return;
    }
    this.#lastFeedbackBy = participant.identity;
    if (!this.session.feedback(raw)) {
      this.#d.log.warn({ participantSid: participant.sid }, 'unknown feedback ignored');
    }
  };

  /**
   * A correction of the live transcript, sent by the web app through the server API (so from no
   * participant: one a participant sends is ignored). The engines then see the corrected text.
   */
  #onCorrection(payload: Uint8Array, participant: RemoteParticipant | undefined): void {
    if (participant) {
      this.#d.log.warn(
        { participantSid: participant.sid },
        'correction from a participant ignored',
      );
      return;
    }
    const parsed = parseTranscriptCorrection(payload, TRANSCRIPT_CORRECTION_TOPIC);
    if (!parsed.ok) {
      this.#d.log.warn({ reason: parsed.reason }, 'malformed correction ignored');
      return;
    }
    const turns = this.session.correct(parsed.message);
    this.#d.log.info({ turns }, 'transcript correction applied to the suggestion context');
  }

  async #store(added: Suggestion[]): Promise<void> {
    try {
      await insertSuggestions(
        this.#d.db,
        added.map((s) => ({
          meeting_id: this.#d.meeting.id,
          id: s.id,
          text: s.text,
          priority: s.priority,
          reason: s.reason,
          category: s.category,
          checklist_item_id: s.checklistItemId ?? null,
          cites_meeting_id: s.cites?.meetingId ?? null,
          cites_start_ms: s.cites?.startMs ?? null,
          source: s.source,
          template_version: s.templateVersion,
          status: dbStatus(s.status),
          created_at: new Date(s.createdAt),
        })),
      );
    } catch (err) {
      this.#d.log.warn({ err: errName(err), count: added.length }, 'suggestions not stored');
    }
  }

  /** `by`: a participant identity, `speech` (asked aloud) or `coverage` (its item discussed). */
  async #status(s: Suggestion, by: string, segmentId?: string): Promise<void> {
    try {
      await setSuggestionStatus(this.#d.db, {
        meetingId: this.#d.meeting.id,
        id: s.id,
        status: dbStatus(s.status),
        by,
        segmentId: segmentId ?? null,
      });
    } catch (err) {
      this.#d.log.warn({ err: errName(err), suggestionId: s.id }, 'suggestion status not stored');
    }
  }

  /** What the subject's earlier meetings left: summaries, metrics, open items, gaps. */
  async #loadPast(): Promise<void> {
    if (!this.#memory) return;
    try {
      const past = await this.#memory.load();
      if (!past || this.#closed) return;
      this.session.setPastContext(past);
      // The follow-ups are worth showing at once, before anyone has spoken.
      await this.session.run('quick');
    } catch (err) {
      this.#d.log.warn({ err: errName(err) }, 'past context not loaded');
    }
  }

  close(): void {
    this.#closed = true;
    this.#d.room.off(RoomEvent.DataReceived, this.#onData);
    this.#d.room.off(RoomEvent.ParticipantConnected, this.#onJoin);
    this.session.close();
  }
}

/** The room's `active` is the database's `new` (the name for a fresh suggestion). */
function dbStatus(s: Suggestion['status']): StoredSuggestionStatus {
  return s === 'active' ? 'new' : s;
}

function errName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
