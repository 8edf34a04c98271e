import { describe, expect, it } from 'vitest';
import {
  claimReminder,
  createActionItem,
  createMeeting,
  deleteUserAccount,
  expireReminders,
  listReminderRecipients,
  listReminderSchedules,
  listReminders,
  pruneReminders,
  settleReminder,
  updateUserSettings,
  userSettings,
} from './index.ts';
import { namedUser, useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });

const user = (name: string) => namedUser(t.db, name);

describe('action-item reminders', () => {
  it('are weekly by default; each setting changes on its own', async () => {
    const ada = await user('Ada');
    expect(await userSettings(t.db, ada.id)).toEqual({
      followupEmail: true,
      actionItemReminders: 'weekly',
      timeZone: null,
      reminderHour: null,
      meetingBriefs: true,
    });
    expect(await updateUserSettings(t.db, ada.id, { actionItemReminders: 'daily' })).toEqual({
      followupEmail: true,
      actionItemReminders: 'daily',
      timeZone: null,
      reminderHour: null,
      meetingBriefs: true,
    });
    expect(
      await updateUserSettings(t.db, ada.id, { followupEmail: false, timeZone: 'Asia/Tokyo' }),
    ).toEqual({
      followupEmail: false,
      actionItemReminders: 'daily',
      timeZone: 'Asia/Tokyo',
      reminderHour: null,
      meetingBriefs: true,
    });
    expect(await updateUserSettings(t.db, ada.id, {})).toEqual({
      followupEmail: false,
      actionItemReminders: 'daily',
      timeZone: 'Asia/Tokyo',
      reminderHour: null,
      meetingBriefs: true,
    });
    expect(await updateUserSettings(t.db, ada.id, { timeZone: null })).toMatchObject({
      timeZone: null,
    });
    expect(await updateUserSettings(t.db, ada.id, { reminderHour: 7 })).toMatchObject({
      reminderHour: 7,
      actionItemReminders: 'daily',
    });
    expect(await updateUserSettings(t.db, crypto.randomUUID(), { followupEmail: true })).toBe(null);
    expect(await userSettings(t.db, crypto.randomUUID())).toBeNull();
  });

  it('are claimed once; a deferred one or a stale claim is claimed again, a settled one never', async () => {
    const ada = await user('Ada');
    const week = '2026-12-07';
    expect(await claimReminder(t.db, ada.id, week)).toBe(1);
    expect(await claimReminder(t.db, ada.id, week)).toBeNull();
    await settleReminder(t.db, ada.id, week, { status: 'pending', error: 'connection' });
    expect(await claimReminder(t.db, ada.id, week)).toBe(2);
    // The worker holding it died: after ten minutes another one takes it over.
    await t.db
      .updateTable('action_item_reminders')
      .set({ claimed_at: new Date(Date.now() - 11 * 60_000) })
      .execute();
    expect(await claimReminder(t.db, ada.id, week)).toBe(3);
    await settleReminder(t.db, ada.id, week, { status: 'sent', messageId: '<m@x>', itemCount: 2 });
    expect(await claimReminder(t.db, ada.id, week)).toBeNull();
    expect(await listReminders(t.db, ada.id)).toMatchObject([
      { period: week, status: 'sent', attempts: 3, error: null, itemCount: 2 },
    ]);
    expect((await listReminders(t.db, ada.id))[0]?.sentAt).toBeInstanceOf(Date);
    // Another week is another reminder.
    expect(await claimReminder(t.db, ada.id, '2026-12-14')).toBe(1);
    // One still waiting when its period is over is given up; a sent one stays sent.
    await settleReminder(t.db, ada.id, '2026-12-14', { status: 'pending', error: 'connection' });
    expect(await expireReminders(t.db, '2026-12-14')).toBe(0);
    expect(await expireReminders(t.db, '2026-12-22')).toBe(1);
    expect((await listReminders(t.db, ada.id)).map((r) => [r.period, r.status, r.error])).toEqual([
      ['2026-12-14', 'failed', 'connection'],
      ['2026-12-07', 'sent', null],
    ]);
    expect(await pruneReminders(t.db, '2026-12-14')).toBe(1);
    expect((await listReminders(t.db, ada.id)).map((r) => r.period)).toEqual(['2026-12-14']);
    await deleteUserAccount(t.db, ada.id);
    expect(await t.db.selectFrom('action_item_reminders').selectAll().execute()).toEqual([]);
  });

  it('list the people on a cadence with an open item of theirs due, not yet reminded', async () => {
    const ada = await user('Ada');
    const bob = await user('Bob');
    const cy = await user('Cy');
    await updateUserSettings(t.db, cy.id, { actionItemReminders: 'daily' });
    const m = await createMeeting(t.db, { title: 'M', type: 'general', ownerId: ada.id });
    const assign = (u: { id: string; name: string }, dueDate: string | null) =>
      createActionItem(
        t.db,
        m.id,
        { text: 'x', ownerIdentity: u.id, ownerName: u.name, dueDate },
        null,
      );
    await assign(ada, '2026-12-10');
    await assign(bob, '2026-12-20');
    await assign(bob, null);
    await assign(cy, '2026-12-01');
    const q = {
      timeZone: 'UTC',
      hour: 8,
      defaultHour: 8,
      cadence: 'weekly' as const,
      period: '2026-12-07',
      dueBy: '2026-12-13',
      limit: 10,
    };
    expect((await listReminderRecipients(t.db, q)).map((r) => r.name)).toEqual(['Ada']);
    await claimReminder(t.db, ada.id, q.period);
    expect(await listReminderRecipients(t.db, q)).toEqual([]);
    await settleReminder(t.db, ada.id, q.period, { status: 'pending' });
    expect((await listReminderRecipients(t.db, q)).map((r) => r.name)).toEqual(['Ada']);
    const daily = { ...q, cadence: 'daily' as const, period: '2026-12-08', dueBy: '2026-12-09' };
    expect((await listReminderRecipients(t.db, daily)).map((r) => r.name)).toEqual(['Cy']);
    // People are looked for zone by zone (UTC: those without one); off is no zone to look in.
    const dee = await user('Dee');
    await updateUserSettings(t.db, dee.id, { timeZone: 'Asia/Tokyo' });
    await assign(dee, '2026-12-01');
    const eve = await user('Eve');
    await updateUserSettings(t.db, eve.id, {
      timeZone: 'America/Lima',
      actionItemReminders: 'off',
    });
    expect(await listReminderSchedules(t.db, 8)).toEqual([
      { timeZone: 'Asia/Tokyo', hour: 8 },
      { timeZone: 'UTC', hour: 8 },
    ]);
    expect(await listReminderRecipients(t.db, { ...q, timeZone: 'Asia/Tokyo' })).toEqual([
      { userId: dee.id, email: 'dee@example.com', name: 'Dee', timeZone: 'Asia/Tokyo' },
    ]);
    expect((await listReminderRecipients(t.db, q)).map((r) => r.name)).toEqual(['Ada']);
    // An hour of one's own: listed at that hour, not at the server's, and back with null.
    await updateUserSettings(t.db, ada.id, { reminderHour: 17 });
    expect(await listReminderSchedules(t.db, 8)).toEqual([
      { timeZone: 'Asia/Tokyo', hour: 8 },
      { timeZone: 'UTC', hour: 8 },
      { timeZone: 'UTC', hour: 17 },
    ]);
    // A server whose default is 17 has Ada's hour and its own as one.
    expect(await listReminderSchedules(t.db, 17)).toEqual([
      { timeZone: 'Asia/Tokyo', hour: 17 },
      { timeZone: 'UTC', hour: 17 },
    ]);
    expect(await listReminderRecipients(t.db, q)).toEqual([]);
    expect((await listReminderRecipients(t.db, { ...q, hour: 17 })).map((r) => r.name)).toEqual([
      'Ada',
    ]);
    await updateUserSettings(t.db, ada.id, { reminderHour: null });
    expect((await listReminderRecipients(t.db, q)).map((r) => r.name)).toEqual(['Ada']);
    // The database refuses an hour that is not one.
    await expect(
      t.db.updateTable('users').set({ reminder_hour: 24 }).where('id', '=', ada.id).execute(),
    ).rejects.toThrow(/reminder_hour/);
  });
});
