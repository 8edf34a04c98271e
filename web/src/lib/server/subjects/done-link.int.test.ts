/**
 * Integration: the "Mark done" link of an action-item reminder, through the built server on
 * Postgres, signed out — the page shows the item, POST marks it done as its owner, a second visit
 * says so; a forged or expired link, another person's item, an item reassigned or in a meeting
 * its owner may no longer see are one 404.
 */
import { createActionItem, listActionItems } from '@parley/db';
import { signItemDoneToken } from '@parley/services/mail';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { devEnv, postForm, signupUser } from '#lib/server/testing/server.ts';

const { api, server, createMeeting } = useApiServer('web-done-link');
const MAIL_SECRET = devEnv.MAIL_SECRET ?? '';

describe('mark-done links', () => {
  it('mark the owner’s item done without logging in; anything else is a 404', async () => {
    const db = server().db;
    const ria = await signupUser(server().base, 'Ria');
    const sol = await signupUser(server().base, 'Sol');
    const m = await createMeeting(ria, { title: 'Harbour sync' });
    const assign = (who: { id: string }, text: string) =>
      createActionItem(
        db,
        m.id,
        { text, ownerIdentity: who.id, ownerName: 'x', dueDate: '2026-12-01' },
        null,
      );
    const lease = await assign(ria, 'Send the signed lease');
    const link = (userId: string, itemId: string, at?: Date) =>
      `/action-items/done?token=${signItemDoneToken(MAIL_SECRET, userId, itemId, at)}`;

    const page = await api('GET', link(ria.id, lease.id));
    expect(page.status).toBe(200);
    const html = String(page.body.raw);
    expect(html).toContain('Send the signed lease');
    expect(html).toContain('Harbour sync');
    expect(html).toContain('data-testid="mark-done"');
    // Opening the page (as a mail scanner does) changes nothing.
    expect((await listActionItems(db, m.id))[0]?.status).toBe('open');

    const done = await postForm(server().base, link(ria.id, lease.id), {});
    expect(done.status).toBe(200);
    expect(done.html).toContain('data-testid="done-status"');
    const [stored] = await listActionItems(db, m.id);
    expect(stored).toMatchObject({ status: 'done', edited_by: null });
    expect(stored?.done_at).toBeInstanceOf(Date);
    const again = String((await api('GET', link(ria.id, lease.id))).body.raw);
    expect(again).toContain('data-testid="done-status"');
    expect(again).not.toContain('data-testid="mark-done"');

    const notFound = async (path: string) => {
      expect((await api('GET', path)).status, path.slice(0, 60)).toBe(404);
      expect((await postForm(server().base, path, {})).status).toBe(404);
    };
    const deck = await assign(ria, 'Send the deck');
    // Another person's token for Ria's item; a link 31 days old; forged; cut; no token.
    await notFound(link(sol.id, deck.id));
    await notFound(link(ria.id, deck.id, new Date(Date.now() - 31 * 86_400_000)));
    const forged = signItemDoneToken('another-secret-0123456789abcdef0123', ria.id, deck.id);
    await notFound(`/action-items/done?token=${forged}`);
    await notFound(`${link(ria.id, deck.id).slice(0, -6)}`);
    await notFound('/action-items/done');
    await notFound(link(ria.id, 'not-a-uuid'));
    // Reassigned to Sol: Ria's link no longer touches it (and Sol cannot see Ria's meeting).
    await db
      .updateTable('action_items')
      .set({ owner_identity: sol.id })
      .where('id', '=', deck.id)
      .execute();
    await notFound(link(ria.id, deck.id));
    await notFound(link(sol.id, deck.id));
    expect((await listActionItems(db, m.id)).find((i) => i.id === deck.id)?.status).toBe('open');
  });
});
