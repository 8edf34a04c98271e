/**
 * Integration: a person's change to an action item is an `action_item.updated` webhook event for
 * the team's endpoints that chose it (the item as it now stands, the fields given, who), whether
 * made through the API or a reminder's "Done?" link; a refused or invalid change is none.
 */
import { createActionItem, createWebhookEndpoint } from '@parley/db';
import { signItemDoneToken } from '@parley/services/mail';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { devEnv, postForm } from '#lib/server/testing/server.ts';

const { api, server, teamMeeting } = useApiServer('web-item-webhook');

describe('action item changes', () => {
  it('are told to the endpoints that chose them, with the item, the fields and who', async () => {
    const db = server().db;
    const { olga, max, sam, teamId, m } = await teamMeeting();
    const endpoint = (events: ('action_item.updated' | 'summary.updated')[]) =>
      createWebhookEndpoint(db, {
        teamId,
        url: 'https://hooks.example.com/parley',
        description: '',
        events,
        secret: 'whsec_test',
        createdBy: olga.id,
      });
    const items = await endpoint(['action_item.updated']);
    const other = await endpoint(['summary.updated']);
    const item = await createActionItem(
      db,
      m.id,
      { text: 'Send the deck', ownerIdentity: olga.id, ownerName: 'Olga', dueDate: null },
      olga.id,
    );
    const patch = (c: { cookie: string }, json: unknown) =>
      api('PATCH', `/api/meetings/${m.id}/action-items/${item.id}`, { ...c, json });

    expect((await patch(sam, { status: 'done' })).status).toBe(404);
    expect((await patch(olga, { status: 'finished' })).status).toBe(422);
    expect((await patch(max, { status: 'done' })).status).toBe(200);
    expect((await patch(olga, { text: 'Send the new deck', dueDate: '2026-12-20' })).status).toBe(
      200,
    );
    await patch(olga, { status: 'open' });
    // Done from a reminder's link, signed out.
    const token = signItemDoneToken(devEnv.MAIL_SECRET ?? '', olga.id, item.id);
    expect((await postForm(server().base, `/action-items/done?token=${token}`, {})).status).toBe(
      200,
    );

    const sent = (endpointId: string) =>
      db
        .selectFrom('webhook_deliveries')
        .select(['event_type', 'payload'])
        .where('endpoint_id', '=', endpointId)
        .orderBy('created_at')
        .execute();
    expect(await sent(other.id)).toEqual([]);
    const events = await sent(items.id);
    expect(events.map((e) => e.event_type)).toEqual(Array(4).fill('action_item.updated'));
    const data = events.map((e) => (e.payload as { data: Record<string, unknown> }).data);
    expect(data).toMatchObject([
      { meeting: { id: m.id }, changes: ['status'], changedBy: 'Max' },
      { changes: ['text', 'dueDate'], changedBy: 'Olga' },
      { changes: ['status'], changedBy: 'Olga' },
      { changes: ['status'], changedBy: 'Olga' },
    ]);
    // Each body holds the item as it stood when it changed.
    expect(data[0]?.actionItem).toMatchObject({
      id: item.id,
      text: 'Send the deck',
      status: 'done',
    });
    expect(data[1]?.actionItem).toMatchObject({ text: 'Send the new deck', dueDate: '2026-12-20' });
    expect(data[2]?.actionItem).toMatchObject({ status: 'open', doneAt: null });
    expect(data[3]?.actionItem).toMatchObject({ status: 'done', owner: 'Olga' });
    expect(typeof (data[3]?.actionItem as { doneAt: unknown }).doneAt).toBe('string');
  });
});
