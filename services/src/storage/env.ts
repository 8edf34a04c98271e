import { z } from 'zod';
import { s3ConfigFrom, type S3Config } from './config.ts';

const optionalText = z.string().min(1).optional();

/** The S3 store of meeting objects; without it nothing is recorded. */
export const storageEnvSchema = z.object({
  S3_ENDPOINT: z.url({ error: 'S3_ENDPOINT must be a URL' }).optional(),
  S3_ACCESS_KEY: optionalText,
  S3_SECRET_KEY: optionalText,
  S3_BUCKET: optionalText,
  S3_REGION: optionalText,
});

/** Who records meetings (web starts LiveKit Egress, the agent records itself). */
export const recordingModeEnvSchema = z.object({
  RECORDING_MODE: z.enum(['egress', 'agent', 'off']).default('egress'),
});

/** The object store from validated S3_* variables; null when not all are set. */
export function s3ConfigFromEnv(e: z.output<typeof storageEnvSchema>): S3Config | null {
  return s3ConfigFrom({
    endpoint: e.S3_ENDPOINT,
    accessKey: e.S3_ACCESS_KEY,
    secretKey: e.S3_SECRET_KEY,
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
  });
}
