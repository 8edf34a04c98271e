import * as env from '$app/env/private';
import { parseConfig, type Config } from './config-schema.ts';

export { ConfigError, type Config } from './config-schema.ts';

let cached: Config | undefined;

/**
 * The validated server configuration. Parsed once, on first use (the `init` hook calls this at
 * startup so a bad variable fails fast). The only place in the app that reads the environment.
 */
export function config(): Config {
  cached ??= parseConfig({ ...env });
  return cached;
}
