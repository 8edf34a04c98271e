import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { User } from '../schema.ts';

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'created_at'>;

/** Inserts a user; returns null when the email (case-insensitive) is already taken. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; passwordHash: string },
): Promise<PublicUser | null> {
  const row = await db
    .insertInto('users')
    .values({ email: input.email, name: input.name, password_hash: input.passwordHash })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(['id', 'email', 'name', 'created_at'])
    .executeTakeFirst();
  return row ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<PublicUser | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}
