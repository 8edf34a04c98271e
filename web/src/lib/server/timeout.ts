/** What `withTimeout` rejects with when the time is up. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * `p`, or a `TimeoutError` naming `what` after `ms` (a call to Redis, LiveKit or S3 that must not
 * hold a request). The timer is cleared either way and never keeps the process alive; `p` itself
 * is not cancelled.
 */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
