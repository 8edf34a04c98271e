import { fileURLToPath } from 'node:url';

/** Repository root (testkit/src → ../..). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
