// Parley agent CLI: `pnpm agent <command>`.
//   transcribe FILE.wav [--stt local|openai] [--json]
//   simulate --room NAME --speaker ID=FILE.wav [--speaker ...]
//   start | dev | connect ...   (the LiveKit Agents worker)
//   jobs                        (post-meeting workers only)
import { parseArgs } from 'node:util';
import { livekitConfigFromEnv, sttConfigFromEnv } from '../config.ts';
import { transcribeFile } from './transcribe.ts';

const USAGE = `usage: pnpm agent <command>
  transcribe FILE.wav [--stt local|openai] [--json]   transcribe a WAV file offline
  simulate --room NAME --speaker ID=FILE.wav [...]    join a room, one participant per file
           [--quiet] [--verbose]                      (--verbose: the LiveKit SDK's debug logs)
  start | dev | connect --room NAME                   run the agent worker
  jobs                                                run post-meeting workers only (BullMQ)`;

function fail(message: string): never {
  console.error(`agent: ${message.split('\n')[0] ?? message}`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'transcribe': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { stt: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      const file = positionals[0];
      if (!file || positionals.length > 1) fail('transcribe takes exactly one WAV file');
      const stt = sttConfigFromEnv(process.env, values.stt);
      const segments = await transcribeFile(file, {
        stt,
        progress:
          values.json || !process.stderr.isTTY ? null : (l) => process.stderr.write(`\r${l}`),
      });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(segments)}\n`);
      } else {
        if (process.stderr.isTTY) process.stderr.write('\n');
        for (const s of segments) {
          console.log(`[${fmt(s.startMs)} → ${fmt(s.endMs)}] ${s.text}`);
        }
      }
      return;
    }
    case 'simulate': {
      const { values } = parseArgs({
        args: rest,
        options: {
          room: { type: 'string' },
          speaker: { type: 'string', multiple: true },
          'start-delay-ms': { type: 'string' },
          quiet: { type: 'boolean', default: false },
          verbose: { type: 'boolean', default: false },
        },
      });
      if (!values.room) fail('simulate needs --room NAME');
      const speakers = (values.speaker ?? []).map((s) => {
        const eq = s.indexOf('=');
        if (eq <= 0 || eq === s.length - 1) fail(`--speaker must be ID=FILE.wav (got "${s}")`);
        return { identity: s.slice(0, eq), file: s.slice(eq + 1) };
      });
      if (speakers.length === 0) fail('simulate needs at least one --speaker ID=FILE.wav');
      const { simulate, setRtcLogLevel } = await import('../simulate/index.ts');
      // stdout stays clean (scripts read it): the SDK's logs only when asked for.
      setRtcLogLevel(values.verbose ? 'debug' : 'warn');
      const { dispose } = await import('@livekit/rtc-node');
      try {
        await simulate({
          livekit: livekitConfigFromEnv(process.env),
          room: values.room,
          speakers,
          log: values.quiet ? () => {} : (l: string) => console.error(l),
        });
      } finally {
        await dispose();
      }
      return;
    }
    case 'jobs': {
      const { postmeetingConfigFromEnv, startPostmeetingService } =
        await import('../postmeeting/index.ts');
      const service = startPostmeetingService(postmeetingConfigFromEnv(process.env));
      console.error('agent: post-meeting worker running');
      await new Promise<void>((resolve) => {
        const stop = () => {
          void service.close().then(resolve, resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      return;
    }
    case 'start':
    case 'dev':
    case 'connect':
    case 'download-files': {
      const { runWorker } = await import('../main.ts');
      runWorker();
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      fail(`unknown command "${command}"\n${USAGE}`);
  }
}

function fmt(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${String(ms % 1000).padStart(3, '0')}`;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  fail(err instanceof Error ? err.message : String(err));
});
