import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createPasswordReset,
  createSession,
  createUser,
  findUserWithHashById,
  findUsablePasswordReset,
  usePasswordReset,
} from './index.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });
const inAnHour = () => new Date(Date.now() + 3_600_000);

async function user(email: string) {
  const u = await createUser(t.db, { email, name: 'U', passwordHash: 'old' });
  if (!u) throw new Error('no user');
  return u;
}

describe('password resets', () => {
  it('are used once: the password changes, every session ends, the link stops working', async () => {
    const u = await user('r1@example.com');
    const other = await user('r2@example.com');
    await createSession(t.db, { id: 's1', userId: u.id, expiresAt: inAnHour() });
    await createSession(t.db, { id: 's2', userId: other.id, expiresAt: inAnHour() });
    await createPasswordReset(t.db, { id: 'h1', userId: u.id, expiresAt: inAnHour() });
    expect(await findUsablePasswordReset(t.db, 'h1')).toMatchObject({ userId: u.id });

    expect((await usePasswordReset(t.db, 'h1', 'new'))?.id).toBe(u.id);
    expect((await findUserWithHashById(t.db, u.id))?.password_hash).toBe('new');
    const sessions = await t.db.selectFrom('sessions').select('id').execute();
    expect(sessions.map((s) => s.id)).toEqual(['s2']);
    expect(await findUsablePasswordReset(t.db, 'h1')).toBeUndefined();
    expect(await usePasswordReset(t.db, 'h1', 'again')).toBeUndefined();
    expect((await findUserWithHashById(t.db, u.id))?.password_hash).toBe('new');
  });

  it('only the newest link of a user works, and none after it expires', async () => {
    const u = await user('r3@example.com');
    await createPasswordReset(t.db, { id: 'first', userId: u.id, expiresAt: inAnHour() });
    await createPasswordReset(t.db, { id: 'second', userId: u.id, expiresAt: inAnHour() });
    expect(await usePasswordReset(t.db, 'first', 'x')).toBeUndefined();
    expect(await findUsablePasswordReset(t.db, 'second')).toBeDefined();

    await sql`update password_resets set expires_at = now() - interval '1 second'`.execute(t.db);
    expect(await findUsablePasswordReset(t.db, 'second')).toBeUndefined();
    expect(await usePasswordReset(t.db, 'second', 'x')).toBeUndefined();
    expect((await findUserWithHashById(t.db, u.id))?.password_hash).toBe('old');
    expect(await usePasswordReset(t.db, 'unknown', 'x')).toBeUndefined();
  });

  it('go with the account', async () => {
    const u = await user('r4@example.com');
    await createPasswordReset(t.db, { id: 'gone', userId: u.id, expiresAt: inAnHour() });
    await t.db.deleteFrom('users').where('id', '=', u.id).execute();
    const left = await t.db.selectFrom('password_resets').select('id').execute();
    expect(left).toEqual([]);
  });
});
