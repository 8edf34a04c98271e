// The SMTP mailer against a real SMTP server (Mailpit): delivery, a refused address (a bounce:
// permanent) and a server that is down (retry later).
import { startMailpit, type Mailpit } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySendError, createSmtpMailer } from './transport.ts';

let mailpit: Mailpit;
beforeAll(async () => {
  mailpit = await startMailpit({ allowedRecipients: '@example\\.com$' });
});
afterAll(async () => {
  await mailpit.stop();
});

const msg = (to: string) => ({ to, subject: 'Hello', text: 'Plain', html: '<p>Plain</p>' });

describe('SMTP mailer (Mailpit)', () => {
  it('delivers, and a refused address fails as permanent', async () => {
    const mailer = createSmtpMailer({ smtpUrl: mailpit.smtpUrl, from: 'Parley <p@example.com>' });
    try {
      const r = await mailer.send({ ...msg('mia@example.com'), headers: { 'X-Test': '1' } });
      expect(r.messageId).toMatch(/@/);
      const got = await mailpit.messages();
      expect(got.map((m) => m.To.map((t) => t.Address))).toEqual([['mia@example.com']]);
      expect((await mailpit.headers(got[0]?.ID ?? ''))['X-Test']).toEqual(['1']);
      const err = await mailer.send(msg('bounce@nowhere.test')).catch((e: unknown) => e);
      expect(classifySendError(err)).toMatchObject({ permanent: true });
      expect(await mailpit.messages()).toHaveLength(1);
    } finally {
      mailer.close();
    }
  });

  it('fails as retryable when the server is down', async () => {
    const down = await startMailpit();
    const url = down.smtpUrl;
    await down.stop();
    const mailer = createSmtpMailer({ smtpUrl: url, from: 'p@example.com', timeoutMs: 2_000 });
    try {
      const err = await mailer.send(msg('mia@example.com')).catch((e: unknown) => e);
      expect(classifySendError(err)).toEqual({ permanent: false, code: 'connection' });
    } finally {
      mailer.close();
    }
  });
});
