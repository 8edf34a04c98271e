import { describe, expect, it } from 'vitest';
import {
  addHighlight,
  createMeeting,
  deleteHighlight,
  deleteMeeting,
  deleteUserAccount,
  listHighlights,
} from './index.ts';
import { namedUser, useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const user = (name: string) => namedUser(t.db, name);

describe('meeting highlights', () => {
  it('lists in timeline order; a user deletes only theirs, a host any; they go with the meeting', async () => {
    const ada = await user('Ada');
    const bob = await user('Bob');
    const m = await createMeeting(t.db, { title: 'Board', type: 'general', ownerId: ada.id });
    const other = await createMeeting(t.db, { title: 'Other', type: 'general', ownerId: ada.id });
    const mark = (by: { id: string; name: string }, atMs: number, note: string | null = null) =>
      addHighlight(t.db, { meetingId: m.id, atMs, userId: by.id, authorName: by.name, note });
    const late = await mark(ada, 90_000, 'Pricing objection');
    const early = await mark(bob, 12_000);
    await addHighlight(t.db, {
      meetingId: other.id,
      atMs: 1,
      userId: ada.id,
      authorName: 'Ada',
      note: null,
    });
    expect((await listHighlights(t.db, m.id)).map((h) => [h.at_ms, h.author_name, h.note])).toEqual(
      [
        [12_000, 'Bob', null],
        [90_000, 'Ada', 'Pricing objection'],
      ],
    );

    expect(await deleteHighlight(t.db, m.id, late.id, bob.id)).toBe(false);
    expect(await deleteHighlight(t.db, other.id, late.id, null)).toBe(false);
    expect(await deleteHighlight(t.db, m.id, early.id, bob.id)).toBe(true);
    expect(await deleteHighlight(t.db, m.id, late.id, null)).toBe(true);
    expect(await listHighlights(t.db, m.id)).toEqual([]);

    // An author's account goes: the highlight stays under their name.
    const kept = await mark(bob, 5_000);
    await deleteUserAccount(t.db, bob.id);
    expect((await listHighlights(t.db, m.id))[0]).toMatchObject({
      id: kept.id,
      user_id: null,
      author_name: 'Bob',
    });
    await deleteMeeting(t.db, m.id);
    expect(await listHighlights(t.db, m.id)).toEqual([]);
    expect(await listHighlights(t.db, other.id)).toHaveLength(1);
  });
});
