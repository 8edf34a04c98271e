/**
 * Coalesces many single-key lookups into few batched calls (LiveKit's ListRooms takes a list of
 * names). Up to `maxInFlight` calls run at once; a key asked for while they are all busy waits for
 * the next call, which carries every key queued meanwhile (up to `maxBatch`). Under light load
 * each lookup goes out at once; under a burst of joins to many different rooms one call answers
 * dozens of them.
 */
export function batchLookups<R>(
  lookup: (keys: string[]) => Promise<ReadonlyMap<string, R>>,
  opts: { maxInFlight?: number; maxBatch?: number; missing: R },
): (key: string) => Promise<R> {
  const maxInFlight = opts.maxInFlight ?? 4;
  const maxBatch = opts.maxBatch ?? 100;
  const queue = new Map<string, { resolve: (r: R) => void; reject: (e: unknown) => void }[]>();
  let inFlight = 0;

  const send = () => {
    if (queue.size === 0 || inFlight >= maxInFlight) return;
    const batch = new Map<string, { resolve: (r: R) => void; reject: (e: unknown) => void }[]>();
    for (const [k, waiters] of queue) {
      if (batch.size >= maxBatch) break;
      batch.set(k, waiters);
    }
    for (const k of batch.keys()) queue.delete(k);
    inFlight += 1;
    lookup([...batch.keys()])
      .then(
        (found) => {
          for (const [k, waiters] of batch)
            for (const w of waiters) w.resolve(found.get(k) ?? opts.missing);
        },
        (err: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
        },
      )
      .finally(() => {
        inFlight -= 1;
        send();
      });
    send();
  };

  return (key) =>
    new Promise<R>((resolve, reject) => {
      const waiters = queue.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else queue.set(key, [{ resolve, reject }]);
      send();
    });
}
