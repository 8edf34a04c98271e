// A post-meeting worker in its own process, for tests that kill it mid-job. Configured by the
// environment like `pnpm agent jobs`; PM_STALL_AT=<step> makes it announce "STALL <step>" on
// stdout and hang before that step (so the test can SIGKILL it there).
import { silentLogger } from '@parley/services/log';
import { postmeetingConfigFromEnv } from '../config.ts';
import { startPostmeetingService } from '../service.ts';

const stallAt = process.env.PM_STALL_AT;
const service = startPostmeetingService(postmeetingConfigFromEnv(process.env), {
  log: silentLogger,
  beforeStep: async (step) => {
    process.stdout.write(`STEP ${step}\n`);
    if (step === stallAt) {
      process.stdout.write(`STALL ${step}\n`);
      await new Promise(() => {});
    }
  },
});
process.stdout.write('READY\n');
process.once('SIGTERM', () => {
  void service.close().then(() => process.exit(0));
});
