import type { SubmitFunction } from '$app/forms';

/**
 * `use:enhance` for a form that says it is busy while it submits (`setPending(true)` until
 * the answer is applied) and keeps what was typed when the answer is an error.
 */
export function submitting(setPending: (pending: boolean) => void): SubmitFunction {
  return () => {
    setPending(true);
    return async ({ update }) => {
      await update({ reset: false });
      setPending(false);
    };
  };
}
