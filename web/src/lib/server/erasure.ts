import type { Db } from '@parley/db';
import { MeetingEraser } from '@parley/services/erasure';
import { semanticIndex } from './search/services.ts';
import { objectStore } from './storage.ts';

/**
 * The one way to delete a meeting's data (stored objects, then vectors, then rows), with this
 * process's object store and semantic index.
 */
export function meetingEraser(db: Db): MeetingEraser {
  return new MeetingEraser({ db, objects: objectStore(), vectors: semanticIndex()?.store ?? null });
}
