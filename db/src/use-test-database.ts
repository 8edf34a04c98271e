// The db package's own integration tests: a fresh migrated database per test file.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Db } from './client.ts';
import { createUser, type PublicUser } from './queries/users.ts';
import { createTestDatabase, testServerUrl, truncateAll, type TestDatabase } from './testing.ts';

/**
 * Creates the file's database before its tests and drops it after them; with `truncateEach`,
 * every test starts from empty tables. The returned object reads the database once it exists.
 */
export function useTestDatabase(opts: { truncateEach?: boolean } = {}): TestDatabase {
  let current: TestDatabase | undefined;
  const need = (): TestDatabase => {
    if (!current) throw new Error('the test database is not created yet');
    return current;
  };
  beforeAll(async () => {
    current = await createTestDatabase(testServerUrl());
  });
  afterAll(async () => {
    await current?.drop();
  });
  if (opts.truncateEach) beforeEach(() => truncateAll(need().db));
  return {
    get db(): Db {
      return need().db;
    },
    get url(): string {
      return need().url;
    },
    drop: () => need().drop(),
  };
}

/** A user named `name` with the address `<name>@example.com` (lowercase). */
export async function namedUser(db: Db, name: string): Promise<PublicUser> {
  const u = await createUser(db, {
    email: `${name.toLowerCase()}@example.com`,
    name,
    passwordHash: 'x',
  });
  if (!u) throw new Error(`user ${name} not created`);
  return u;
}
