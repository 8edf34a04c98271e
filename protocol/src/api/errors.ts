/** The one error shape every JSON API response uses: `{"error":{"code","message","fields?"}}`. */
import { z } from 'zod';

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Field name → message, for validation failures. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiErrorBody = z.output<typeof apiErrorSchema>;

/** The error of a response body, or null when the body is not the error envelope. */
export function parseApiError(body: unknown): ApiErrorBody['error'] | null {
  const r = apiErrorSchema.safeParse(body);
  return r.success ? r.data.error : null;
}
