// A private Mailpit (SMTP server with an HTTP API) for tests: its own ports and database, so
// tests never read or clear the dev stack's mailbox.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { freePort, waitFor } from './processes.ts';

export const MAILPIT_VERSION = 'v1.33.1';

/** The binary `deploy/dev/services up` installs (MAILPIT_BIN overrides). */
export function mailpitBin(env: Record<string, string | undefined> = process.env): string {
  if (env.MAILPIT_BIN) return env.MAILPIT_BIN;
  const cache = env.PARLEY_CACHE ?? `${homedir()}/.cache/parley`;
  return `${cache}/gobin/mailpit-${MAILPIT_VERSION}`;
}

export interface MailpitMessage {
  ID: string;
  Subject: string;
  To: { Name: string; Address: string }[];
}

interface MailpitAttachment {
  PartID: string;
  FileName: string;
}

export interface Mailpit {
  smtpUrl: string;
  apiUrl: string;
  smtpPort: number;
  /** Messages received, newest first. */
  messages(): Promise<MailpitMessage[]>;
  /** One message's text and HTML bodies and headers. */
  message(id: string): Promise<{ Text: string; HTML: string }>;
  headers(id: string): Promise<Record<string, string[]>>;
  /** The message as it arrived (MIME source). */
  raw(id: string): Promise<string>;
  /** A message's attachment named `fileName`, as text (throws when there is none). */
  attachment(id: string, fileName: string): Promise<string>;
  stop(): Promise<void>;
}

export interface MailpitOptions {
  /** Recipients matching this regular expression are accepted; others get a 550 (a bounce). */
  allowedRecipients?: string;
  /** Listen on this SMTP port (e.g. to come back on the same address after a stop). */
  smtpPort?: number;
}

export async function startMailpit(o: MailpitOptions = {}): Promise<Mailpit> {
  const bin = mailpitBin();
  if (!existsSync(bin)) {
    throw new Error(`mailpit not found at ${bin}: run \`./pnpmw services up\` (it installs it)`);
  }
  const smtpPort = o.smtpPort ?? (await freePort());
  const httpPort = await freePort();
  const args = [
    '--smtp',
    `127.0.0.1:${smtpPort}`,
    '--listen',
    `127.0.0.1:${httpPort}`,
    '--smtp-disable-rdns',
    '--disable-version-check',
    '--quiet',
  ];
  if (o.allowedRecipients) args.push('--smtp-allowed-recipients', o.allowedRecipients);
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  await waitFor(
    'mailpit',
    async () => (await fetch(`${apiUrl}/api/v1/info`)).ok,
    15_000,
    100,
  ).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`mailpit did not start: ${err}`, { cause: e });
  });
  const fetchOk = async (path: string): Promise<Response> => {
    const r = await fetch(`${apiUrl}${path}`);
    if (!r.ok) throw new Error(`mailpit ${path}: HTTP ${r.status}`);
    return r;
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetchOk(path)).json()) as T;
  const text = async (path: string): Promise<string> => (await fetchOk(path)).text();
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    apiUrl,
    smtpPort,
    messages: async () => (await get<{ messages: MailpitMessage[] }>('/api/v1/messages')).messages,
    message: (id) => get(`/api/v1/message/${id}`),
    headers: (id) => get(`/api/v1/message/${id}/headers`),
    raw: (id) => text(`/api/v1/message/${id}/raw`),
    attachment: async (id, fileName) => {
      const m = await get<{ Attachments: MailpitAttachment[] }>(`/api/v1/message/${id}`);
      const a = m.Attachments.find((x) => x.FileName === fileName);
      if (!a) throw new Error(`mailpit: message ${id} has no attachment ${fileName}`);
      return text(`/api/v1/message/${id}/part/${a.PartID}`);
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
