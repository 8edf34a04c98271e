import nodemailer from 'nodemailer';

/** One message (to one recipient, or to several who see each other, like a calendar invite). */
export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** A calendar part (`text/calendar; method=…`) beside the text and HTML. */
  icalEvent?: { method: string; content: string };
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Sends email; the SMTP implementation is `createSmtpMailer`, tests may pass their own. */
export interface Mailer {
  /** `rejected`: recipients the server refused while others were accepted. */
  send(m: MailMessage): Promise<{ messageId: string; rejected?: string[] }>;
  close(): void;
}

export interface SmtpMailerOptions {
  smtpUrl: string;
  from: string;
  /** Connection and greeting timeouts (ms). */
  timeoutMs?: number;
}

export function createSmtpMailer(o: SmtpMailerOptions): Mailer {
  const timeout = o.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: o.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
  });
  return {
    send: async (m) => {
      const info = await transport.sendMail({ from: o.from, ...m });
      const rejected = (info.rejected as (string | { address: string })[]).map((r) =>
        typeof r === 'string' ? r : r.address,
      );
      return { messageId: info.messageId, rejected };
    },
    close: () => transport.close(),
  };
}

/** Why a send failed: permanent (the address bounces: never retried) or not (retry later). */
export interface SendFailure {
  permanent: boolean;
  /** Short code for the record: `smtp_550`, `connection`, `timeout`… (never the server's text). */
  code: string;
}

/** Classifies a nodemailer error: a 5xx reply is permanent, anything else may pass later. */
export function classifySendError(err: unknown): SendFailure {
  const e = (err ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === 'number') {
    return {
      permanent: e.responseCode >= 500 && e.responseCode < 600,
      code: `smtp_${e.responseCode}`,
    };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'ETIMEDOUT') return { permanent: false, code: 'timeout' };
  if (code === 'EENVELOPE') return { permanent: true, code: 'bad_address' };
  return { permanent: false, code: 'connection' };
}
