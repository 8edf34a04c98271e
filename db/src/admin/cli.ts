// Operator CLI: `pnpm admin reset-link EMAIL` prints a password reset link for an account, for
// servers without SMTP_URL (the web's "Forgot your password?" emails it). The link is the one the
// web app would have emailed: it works once, for 60 minutes, and replaces the account's earlier
// links. DATABASE_URL and ORIGIN (the web app as people open it) come from the environment.
import { z } from 'zod';
import { createDb } from '../client.ts';
import { dbEnvSchema } from '../config.ts';
import { PASSWORD_RESET_TTL_MINUTES, issuePasswordReset } from '../queries/password-resets.ts';
import { findUserByEmail } from '../queries/users.ts';

const envSchema = dbEnvSchema.extend({
  ORIGIN: z.url({ error: 'ORIGIN must be the web app as people open it (https://…)' }),
});

async function resetLink(env: z.output<typeof envSchema>, email: string): Promise<number> {
  const db = createDb({ url: env.DATABASE_URL, poolMax: 1 });
  try {
    const user = await findUserByEmail(db, email);
    if (!user) {
      console.error('admin: no account has that email');
      return 1;
    }
    const token = await issuePasswordReset(db, user.id);
    console.log(`Reset link (works once, for ${PASSWORD_RESET_TTL_MINUTES} minutes):`);
    console.log(`${env.ORIGIN.replace(/\/$/, '')}/reset/${token}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if (command !== 'reset-link' || !email) {
    console.error('usage: pnpm admin reset-link EMAIL');
    return 2;
  }
  const env = envSchema.safeParse(process.env);
  if (!env.success) {
    for (const i of env.error.issues) console.error(`admin: ${String(i.path[0])}: ${i.message}`);
    return 2;
  }
  try {
    return await resetLink(env.data, email);
  } catch (err) {
    console.error(`admin: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
