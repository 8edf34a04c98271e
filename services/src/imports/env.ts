import { z } from 'zod';

/** The web app's limit on uploaded recordings. */
export const importUploadEnvSchema = z.object({
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024, 'IMPORT_MAX_BYTES must be at least 1024')
    .default(1024 ** 3),
});
