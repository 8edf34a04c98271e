import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mailConfigFrom, mailEnvSchema, mailSecretEnvSchema } from './env.ts';
import { renderFollowupEmail } from './message.ts';
import {
  signItemDoneToken,
  signUnsubscribeToken,
  verifyItemDoneToken,
  verifyUnsubscribeToken,
} from './token.ts';
import { classifySendError } from './transport.ts';
import { composeEnv, parseEnv } from '../env/parse.ts';

const SECRET = 'x'.repeat(40);

describe('unsubscribe tokens', () => {
  it('round-trip the user id and refuse anything forged or cut', () => {
    const t = signUnsubscribeToken(SECRET, 'user-1');
    expect(verifyUnsubscribeToken(SECRET, t)).toEqual({ userId: 'user-1', list: 'followup' });
    expect(verifyUnsubscribeToken('y'.repeat(40), t)).toBeNull();
    const [payload, sig] = t.split('.');
    const other = Buffer.from(JSON.stringify({ u: 'user-2', p: 'followup' })).toString('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${other}.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `${payload}.`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `${payload}`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `${t}.x`)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, '')).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, 'a'.repeat(600))).toBeNull();
  });
  it('name the emails they stop; a signed payload for another list is refused', () => {
    expect(verifyUnsubscribeToken(SECRET, signUnsubscribeToken(SECRET, 'u', 'reminders'))).toEqual({
      userId: 'u',
      list: 'reminders',
    });
    // The same signature scheme over a list nobody offers (as a forged or future link would be).
    const key = createHmac('sha256', SECRET).update('parley-unsubscribe-v1').digest();
    const payload = Buffer.from(JSON.stringify({ u: 'u', p: 'everything' })).toString('base64url');
    const sig = createHmac('sha256', key).update(payload).digest('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${payload}.${sig}`)).toBeNull();
    const ok = Buffer.from(JSON.stringify({ u: 'u', p: 'reminders' })).toString('base64url');
    const okSig = createHmac('sha256', key).update(ok).digest('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${ok}.${okSig}`)).toEqual({
      userId: 'u',
      list: 'reminders',
    });
  });
});

describe('mark-done links', () => {
  it('name the user and item, expire after 30 days and pass for no other link', () => {
    const at = new Date('2026-12-07T09:00:00Z');
    const t = signItemDoneToken(SECRET, 'user-1', 'item-1', at);
    expect(verifyItemDoneToken(SECRET, t, at)).toEqual({ userId: 'user-1', itemId: 'item-1' });
    const day29 = new Date(at.getTime() + 29 * 86_400_000);
    const day30 = new Date(at.getTime() + 30 * 86_400_000);
    expect(verifyItemDoneToken(SECRET, t, day29)).not.toBeNull();
    expect(verifyItemDoneToken(SECRET, t, day30)).toBeNull();
    expect(verifyItemDoneToken('y'.repeat(40), t, at)).toBeNull();
    // Each purpose has its own key: an unsubscribe link is no done link, and the other way round.
    expect(verifyItemDoneToken(SECRET, signUnsubscribeToken(SECRET, 'user-1'), at)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, t)).toBeNull();
  });
});

describe('classifySendError', () => {
  it('treats 5xx replies as bounces and everything else as worth a retry', () => {
    expect(classifySendError({ responseCode: 550, code: 'EENVELOPE' })).toEqual({
      permanent: true,
      code: 'smtp_550',
    });
    expect(classifySendError({ responseCode: 451 })).toEqual({
      permanent: false,
      code: 'smtp_451',
    });
    expect(classifySendError({ code: 'ESOCKET' })).toEqual({
      permanent: false,
      code: 'connection',
    });
    expect(classifySendError({ code: 'ETIMEDOUT' })).toEqual({ permanent: false, code: 'timeout' });
    expect(classifySendError(new Error('x'))).toEqual({ permanent: false, code: 'connection' });
  });
});

describe('mail config', () => {
  const schema = composeEnv(mailEnvSchema, mailSecretEnvSchema);
  const parse = (env: Record<string, string>) => {
    const r = parseEnv(schema, env);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return mailConfigFrom(r.data);
  };
  it('is off without SMTP_URL and names what SMTP_URL needs', () => {
    expect(parse({})).toEqual({ ok: true, config: null });
    const r = parse({ SMTP_URL: 'smtp://127.0.0.1:25' });
    expect(r.ok ? [] : r.problems.map((p) => p.name)).toEqual(['MAIL_SECRET', 'ORIGIN']);
    expect(
      parse({ SMTP_URL: 'smtp://127.0.0.1:25', MAIL_SECRET: SECRET, ORIGIN: 'https://p.example/' }),
    ).toMatchObject({
      ok: true,
      config: { origin: 'https://p.example', attempts: 12, briefLeadMinutes: 60 },
    });
  });
  it('refuses a bad SMTP_URL and a short secret, naming them', () => {
    const r = parseEnv(schema, { SMTP_URL: 'http://x', MAIL_SECRET: 'short' });
    expect(r.ok ? [] : r.problems.map((p) => p.name).sort()).toEqual(['MAIL_SECRET', 'SMTP_URL']);
    const lead = parseEnv(schema, { MEETING_BRIEF_LEAD_MINUTES: '1441' });
    expect(lead.ok ? [] : lead.problems.map((p) => p.name)).toEqual(['MEETING_BRIEF_LEAD_MINUTES']);
  });
});

describe('renderFollowupEmail', () => {
  it('puts summary, owned action items and both links in, escaping HTML', () => {
    const m = renderFollowupEmail({
      recipientName: 'Mia <admin>',
      meetingTitle: 'Acme & co',
      date: '5 Dec 2026',
      overview: 'MRR grew to $60k.',
      keyPoints: ['Hiring a head of sales'],
      actionItems: [
        { text: 'Send the deck', owner: 'Finn', due: '2026-12-12' },
        { text: 'Intro to Bob', owner: null, due: null },
      ],
      highlights: [
        {
          at: '12:05',
          author: 'Finn',
          note: 'Churn <5%',
          url: 'https://p.example/meetings/1?t=725000',
        },
        { at: '20:00', author: 'Mia', note: null, url: 'https://p.example/meetings/1?t=1200000' },
      ],
      meetingUrl: 'https://p.example/meetings/1',
      unsubscribeUrl: 'https://p.example/unsubscribe?token=a.b',
    });
    expect(m.subject).toBe('Follow-up: Acme & co');
    expect(m.text).toContain('- Send the deck (Finn, by 2026-12-12)');
    expect(m.text).toContain('- Intro to Bob');
    expect(m.text).toContain('https://p.example/meetings/1');
    expect(m.text).toContain('https://p.example/unsubscribe?token=a.b');
    expect(m.html).toContain('Mia &#60;admin&#62;');
    expect(m.html).toContain('Acme &#38; co');
    expect(m.html).not.toContain('<admin>');
    expect(m.text).toContain('Highlights\n- 12:05 Finn: Churn <5%\n- 20:00 Mia\n');
    expect(m.html).toContain(
      '<li><a href="https://p.example/meetings/1?t=725000">12:05</a> Finn: Churn &#60;5%</li>',
    );
  });

  it('leaves the highlights out when there are none', () => {
    const m = renderFollowupEmail({
      recipientName: 'Mia',
      meetingTitle: 'Acme',
      date: '5 Dec 2026',
      overview: null,
      keyPoints: [],
      actionItems: [],
      highlights: [],
      meetingUrl: 'https://p.example/meetings/1',
      unsubscribeUrl: 'https://p.example/unsubscribe?token=a.b',
    });
    expect(m.text).not.toContain('Highlights');
    expect(m.html).not.toContain('Highlights');
  });

  it('says a resent email is an update that replaces the earlier one', () => {
    const content = {
      recipientName: 'Mia',
      meetingTitle: 'Acme <review>',
      date: '5 Dec 2026',
      overview: 'Corrected overview.',
      keyPoints: [],
      actionItems: [],
      highlights: [],
      meetingUrl: 'https://p.example/meetings/1',
      unsubscribeUrl: 'https://p.example/unsubscribe?token=a.b',
    };
    const m = renderFollowupEmail({ ...content, updated: true });
    expect(m.subject).toBe('Updated follow-up: Acme <review>');
    expect(m.text).toContain(
      'Here is the updated summary of "Acme <review>" (5 Dec 2026); it replaces the earlier email.',
    );
    expect(m.html).toContain('updated summary of <strong>Acme &#60;review&#62;</strong>');
    expect(renderFollowupEmail(content).text).not.toContain('updated');
  });
});
