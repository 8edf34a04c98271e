// Every variable the services read, declared once (zod); the apps compose these schemas with
// their own and with the database's. Nothing here loads a client library.
export { composeEnv, envBool, parseEnv, type EnvProblem } from './parse.ts';
export { livekitEnvSchema, openaiEnvSchema, redisEnvSchema } from './shared.ts';
export { llmConnectionFrom, llmEnvSchema, type LlmConnection } from '../llm/env.ts';
export { indexingConfigFrom, indexingEnvSchema } from '../indexing/config.ts';
export { recordingModeEnvSchema, s3ConfigFromEnv, storageEnvSchema } from '../storage/env.ts';
export { postmeetingQueueEnvSchema } from '../postmeeting/env.ts';
export { outboundEnvSchema } from '../outbound/policy.ts';
export { webhooksEnvSchema } from '../webhooks/env.ts';
export { mailConfigFrom, mailEnvSchema, mailSecretEnvSchema } from '../mail/env.ts';
export { importUploadEnvSchema } from '../imports/env.ts';
