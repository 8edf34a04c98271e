import { repoRoot } from '@parley/testkit';

/** Where generated speech fixtures are cached (gitignored). */
export const fixturesDir = `${repoRoot}.data/fixtures`;
