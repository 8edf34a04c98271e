// Migrate CLI: `pnpm migrate [latest|status]` (DATABASE_URL from the environment).
import { createDb, createMigrator, migrateToLatest } from './client.ts';
import { dbConfigFromEnv } from './config.ts';

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'latest';
  let config;
  try {
    config = dbConfigFromEnv(process.env);
  } catch (err) {
    console.error(`migrate: ${(err as Error).message}`);
    return 2;
  }
  const db = createDb({ url: config.url, poolMax: 1 });
  try {
    if (command === 'latest') {
      const result = await migrateToLatest(db);
      const applied = result.results ?? [];
      for (const r of applied) console.log(`migrate: ${r.migrationName} ${r.status}`);
      if (applied.length === 0) console.log('migrate: up to date');
      return 0;
    }
    if (command === 'status') {
      for (const m of await createMigrator(db).getMigrations()) {
        console.log(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}`);
      }
      return 0;
    }
    console.error(`migrate: unknown command "${command}" (use latest or status)`);
    return 2;
  } catch (err) {
    console.error(`migrate: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
