import {
  VectorStoreUnavailableError,
  meetingNamespace,
  reciprocalRankFusion,
} from '@parley/services/indexing';
import {
  cleanSearchQuery,
  hasSearchTerms,
  searchSegmentsFts,
  segmentsForUser,
  visibleMeetingScopes,
  type Db,
  type SearchFilters,
  type SegmentHit,
  type SnippetPart,
} from '@parley/db';
import type { UserPrincipal } from '../auth/principal.ts';
import { reportError } from '../http/report.ts';
import type { SearchQuery } from './schemas.ts';
import { semanticIndex } from './services.ts';

/** One search hit as the API returns it. */
export interface ApiSearchHit {
  meetingId: string;
  meetingTitle: string;
  meetingType: string;
  subject: string | null;
  teamId: string | null;
  speaker: string;
  /** Milliseconds from the meeting's start. */
  startMs: number;
  spokenAt: string;
  /** Render each part as text; `hit` parts are highlighted. Never HTML. */
  snippet: SnippetPart[];
  /** Opens the meeting at this moment. */
  url: string;
  /** How it was found. */
  matchedBy: ('text' | 'meaning')[];
  /** sort=relevance: the fused rank score; sort=newest: the text rank (the order is by time). */
  score: number;
}

export interface SearchResult {
  items: ApiSearchHit[];
  /** True when semantic search took part (an embeddings provider is configured and answered). */
  semantic: boolean;
}

export function momentUrl(meetingId: string, startMs: number): string {
  return `/meetings/${meetingId}?t=${Math.max(0, Math.floor(startMs))}`;
}

function toApi(h: SegmentHit, score: number, matchedBy: ApiSearchHit['matchedBy']): ApiSearchHit {
  return {
    meetingId: h.meetingId,
    meetingTitle: h.meetingTitle,
    meetingType: h.meetingType,
    subject: h.subject,
    teamId: h.teamId,
    speaker: h.speakerName,
    startMs: h.startMs,
    spokenAt: h.spokenAt.toISOString(),
    snippet: h.snippet,
    url: momentUrl(h.meetingId, h.startMs),
    matchedBy,
    score,
  };
}

/** Nearest segments by meaning, only among meetings the user may see (ids, best first). */
async function semanticIds(
  db: Db,
  userId: string,
  query: string,
  filters: SearchFilters,
  topK: number,
): Promise<string[] | null> {
  const idx = semanticIndex();
  if (!idx) return null;
  const scopes = await visibleMeetingScopes(db, userId, filters);
  if (scopes.length === 0) return [];
  const byNs = new Map<string, string[]>();
  for (const m of scopes) {
    const ns = meetingNamespace(m);
    const list = byNs.get(ns) ?? [];
    list.push(m.id);
    byNs.set(ns, list);
  }
  const [vector] = await idx.embeddings.embed([query]);
  if (!vector) return [];
  const results = await Promise.all(
    [...byNs].map(([ns, meetingIds]) => idx.store.query(ns, { vector, topK, meetingIds })),
  );
  return results
    .flat()
    .sort((a, b) => b.score - a.score)
    .slice(0, topK)
    .map((m) => m.id);
}

/**
 * Full-text search always; with sort=relevance also semantic search when an embeddings
 * provider is configured, merged by reciprocal rank fusion. sort=newest lists the segments that
 * contain the words, newest first (meaning-only matches have no place in a time order). Every
 * hit comes from a meeting the user may see: the SQL is scoped, vector matches are filtered in
 * the store and re-checked in SQL.
 */
export async function searchFor(
  db: Db,
  principal: UserPrincipal,
  q: SearchQuery,
): Promise<SearchResult> {
  const userId = principal.user.id;
  const filters: SearchFilters = {
    teamId: q.teamId,
    type: q.type,
    subject: q.subject,
    speaker: q.speaker,
    from: q.from,
    to: q.to,
    meetingIds: q.meetingId ? [q.meetingId] : undefined,
  };
  const want = q.offset + q.limit;
  const text = cleanSearchQuery(q.q);
  const withMeaning = q.sort === 'relevance' && semanticIndex() !== null;
  // Nothing searchable (empty, only stop words or punctuation): a valid, empty answer.
  if (!text || !(await hasSearchTerms(db, text))) {
    return { items: [], semantic: withMeaning };
  }
  if (q.sort === 'newest') {
    const hits = await searchSegmentsFts(db, userId, text, filters, {
      sort: 'newest',
      limit: q.limit,
      offset: q.offset,
    });
    return { items: hits.map((h) => toApi(h, h.rank, ['text'])), semantic: false };
  }
  const depth = Math.min(100, want * 2);
  const ftsP = searchSegmentsFts(db, userId, text, filters, { limit: depth });
  let semantic = false;
  let vectorIds: string[] = [];
  try {
    const ids = await semanticIds(db, userId, text.slice(0, 2000), filters, depth);
    if (ids) {
      semantic = true;
      vectorIds = ids;
    }
  } catch (err) {
    // Semantic search is an extra: on failure the text results still answer. A server without
    // pgvector is a setup, not an incident: not reported on every search.
    if (!(err instanceof VectorStoreUnavailableError)) {
      reportError(err, { method: 'SEARCH', path: '/api/search (semantic)' });
    }
  }
  const fts = await ftsP;
  const byId = new Map(fts.map((h) => [h.id, h]));
  const missing = vectorIds.filter((id) => !byId.has(id));
  for (const h of await segmentsForUser(db, userId, missing, filters)) byId.set(h.id, h);
  const ftsIds = new Set(fts.map((h) => h.id));
  const vecIds = new Set(vectorIds);
  const fused = reciprocalRankFusion([
    { ids: fts.map((h) => h.id) },
    { ids: vectorIds.filter((id) => byId.has(id)) },
  ]);
  const items = fused.slice(q.offset, want).flatMap(({ id, score }) => {
    const h = byId.get(id);
    if (!h) return [];
    const by: ApiSearchHit['matchedBy'] = [];
    if (ftsIds.has(id)) by.push('text');
    if (vecIds.has(id)) by.push('meaning');
    return [toApi(h, score, by)];
  });
  return { items, semantic };
}
