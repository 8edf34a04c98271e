export { createDb, migrateToLatest, type Db, type CreateDbOptions } from './client.ts';
export { dbConfigFromEnv, dbConfigSchema, type DbConfig } from './config.ts';
export * from './schema.ts';
export * from './queries/users.ts';
export * from './queries/sessions.ts';
export * from './queries/meetings.ts';
export * from './queries/participants.ts';
export * from './queries/segments.ts';
export * from './queries/webhooks.ts';
