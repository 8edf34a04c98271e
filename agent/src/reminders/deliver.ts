import { classifySendError, type MailMessage, type Mailer } from '@parley/services/mail';

/** Tries of one scheduled email (one per sweep) before it is recorded as failed. */
export const MAX_ATTEMPTS = 6;

export type Delivery =
  | { status: 'sent'; messageId: string }
  /** `pending`: the server could not take it now (down, or 4xx); a later pass tries again. */
  | { status: 'pending' | 'bounced' | 'failed'; error: string };

/**
 * Sends one claimed scheduled email (its `attempt`th try) and says what to record: an address
 * the server refuses (5xx) is `bounced`, never retried; any other failure is `pending` until
 * MAX_ATTEMPTS, then `failed`.
 */
export async function deliver(mailer: Mailer, m: MailMessage, attempt: number): Promise<Delivery> {
  try {
    const { messageId } = await mailer.send(m);
    return { status: 'sent', messageId };
  } catch (err) {
    const f = classifySendError(err);
    const status = f.permanent ? 'bounced' : attempt >= MAX_ATTEMPTS ? 'failed' : 'pending';
    return { status, error: f.code };
  }
}

/** What became of the scheduled emails one pass looked at. */
export interface EmailPass {
  sent: number;
  /** Nothing to say (nothing due, nothing to recall): nothing sent. */
  empty: number;
  bounced: number;
  /** The SMTP server could not take one now: the pass stopped, the next one tries again. */
  deferred: number;
  failed: number;
}

export const emptyPass = (): EmailPass => ({
  sent: 0,
  empty: 0,
  bounced: 0,
  deferred: 0,
  failed: 0,
});

/** One email's outcome; `taken`: another worker has it, or it is settled. */
export type SendOutcome = keyof EmailPass | 'taken';

const BATCH = 100;

/**
 * Lists recipients a batch at a time (`list(limit)` leaves out those already claimed or settled)
 * and sends to each, counting outcomes into `pass`, for at most `maxBatches` batches (the next
 * sweep goes on). False when the SMTP server could not take one: the caller stops its pass.
 */
export async function sendInBatches<R>(
  pass: EmailPass,
  list: (limit: number) => Promise<R[]>,
  send: (r: R) => Promise<SendOutcome>,
  maxBatches: number,
): Promise<boolean> {
  for (let batch = 0; batch < maxBatches; batch++) {
    const people = await list(BATCH);
    for (const person of people) {
      const outcome = await send(person);
      if (outcome !== 'taken') pass[outcome]++;
      if (outcome === 'deferred') return false;
    }
    if (people.length < BATCH) break;
  }
  return true;
}
