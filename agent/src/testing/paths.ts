import { fileURLToPath } from 'node:url';

/** Repository root (agent/src/testing → ../../..). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** Where generated speech fixtures are cached (gitignored). */
export const fixturesDir = `${repoRoot}.data/fixtures`;
