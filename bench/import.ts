// Importing a recording end to end, offline: a two-voice flite recording (slt + awb, varied
// sentences, 1 s between lines) as mp3 is streamed into MinIO the way the upload API does, then
// the import job (pnpm agent jobs' worker: ffmpeg → VAD + local pocketsphinx, decoders in
// parallel) and the post-meeting chain (no LLM) run on BullMQ until the summary is done.
// The recording is built once and cached by content under .data/fixtures/.
//   pnpm bench import [--minutes 60]
// Metrics: import_rtf (upload start → summary done, over the audio's length; target ≤ 0.15 on
// 2 cores), import_wer (the stored transcript against the script), transcribe_wer
// (`pnpm agent transcribe` on the same mp3 decoded to a 16 kHz WAV), wer_gap (import −
// transcribe; target ≤ 0.02), import_transcribe_s (the import job alone), audio_s.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  dialogueFile,
  fixturesDir,
  readPcm,
  SENTENCES,
  speak,
  UNSEEN_SENTENCES,
  wordErrorRate,
  type DialogueLine,
} from '@parley/agent/testing';
import { sttConfigFromEnv, transcribeFile } from '@parley/agent';
import { postmeetingConfigFromEnv, startPostmeetingService } from '@parley/agent/postmeeting';
import {
  createMeeting,
  createUser,
  findImport,
  findRun,
  insertImport,
  listSegments,
  markMeetingEnded,
} from '@parley/db';
import { createTestDatabase } from '@parley/db/testing';
import {
  createImportQueue,
  enqueueImport,
  importObjectKey,
  storeUpload,
} from '@parley/services/imports';
import { silentLogger } from '@parley/services/log';
import { createObjectStore } from '@parley/services/storage';
import { devEnv, waitFor } from '@parley/testkit';
import { benchArgs, recordArgs } from './lib/args.ts';
import type { Benchmark } from './lib/run.ts';
import { round } from './lib/stats.ts';

const TARGETS = { rtf: 0.15, werGap: 0.02 };
const GAP_MS = 1_000;

/** Lines alternating slt and awb over both corpora until the speech fills `minutes`. */
async function script(minutes: number): Promise<DialogueLine[]> {
  const sentences = [...SENTENCES, ...UNSEEN_SENTENCES];
  const lines: DialogueLine[] = [];
  let ms = 0;
  for (let i = 0; ms < minutes * 60_000; i++) {
    const voice = i % 2 === 0 ? 'slt' : 'awb';
    // Each voice says every sentence once before any repeats in its mouth.
    const text = sentences[(Math.floor(i / 2) + (i % 2) * 7) % sentences.length] ?? '';
    ms += (await readPcm(await speak(text, voice, fixturesDir))).length / 16 + GAP_MS;
    lines.push({ speaker: voice === 'slt' ? 'ada' : 'bob', text, voice });
  }
  return lines;
}

const bench: Benchmark = {
  async run(args, log) {
    const values = benchArgs(args, { minutes: { type: 'string', default: '60' } });
    const minutes = Number(values.minutes);
    if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
    const env = devEnv();
    log(`building a ${minutes}-minute two-voice recording (cached)…`);
    const lines = await script(minutes);
    const key = createHash('sha256').update(JSON.stringify(lines)).digest('hex').slice(0, 12);
    const fixture = await dialogueFile(lines, fixturesDir, `bench-import-${key}`, { ext: 'mp3' });
    const reference = lines.map((l) => l.text).join(' ');
    const audioS = fixture.durationMs / 1000;
    log(`${lines.length} lines, ${audioS.toFixed(0)} s of audio: ${fixture.path}`);

    const t = await createTestDatabase(env.DATABASE_URL ?? '');
    const prefix = `parley-bench-import-${process.pid}`;
    const config = postmeetingConfigFromEnv({
      ...env,
      SMTP_URL: undefined,
      DATABASE_URL: t.url,
      POSTMEETING_QUEUE_PREFIX: prefix,
      POSTMEETING_LLM: 'off',
      STT_PROVIDER: 'local',
      EMBEDDINGS_PROVIDER: 'none',
    });
    if (!config.imports) throw new Error('no object store: run ./pnpmw services up');
    recordArgs({
      stt: 'local',
      llm: 'off',
      decoders: config.imports.settings.decoders,
      fixture: fixture.path,
    });
    const service = startPostmeetingService(config, { log: silentLogger }, undefined, {
      log: silentLogger,
    });
    const queue = createImportQueue({ redisUrl: config.redisUrl, prefix });
    const store = createObjectStore(config.imports.s3);
    let importRtf: number;
    let importWer: number;
    let jobS: number;
    try {
      const u = await createUser(t.db, {
        email: 'bench@example.com',
        name: 'Bench',
        passwordHash: 'x',
      });
      if (!u) throw new Error('user');
      const m = await createMeeting(t.db, { title: 'Imported', type: 'general', ownerId: u.id });
      await markMeetingEnded(t.db, m.id);
      const t0 = performance.now();
      const stored = await storeUpload(
        store,
        importObjectKey(m.id),
        Readable.toWeb(createReadStream(fixture.path)) as ReadableStream<Uint8Array>,
        { maxBytes: 1024 ** 3 },
      );
      await insertImport(t.db, {
        meetingId: m.id,
        objectKey: importObjectKey(m.id),
        ...stored,
        speakers: null,
        createdBy: u.id,
      });
      await enqueueImport(queue, m.id);
      let last = -1;
      await waitFor(
        'the import',
        async () => {
          const i = await findImport(t.db, m.id);
          const pct = i?.duration_ms ? Math.floor((100 * i.processed_ms) / i.duration_ms) : 0;
          if (pct >= last + 10) {
            last = pct;
            log(`import ${pct}% (ETA ${i?.eta_seconds ?? '?'} s)`);
          }
          if (i?.status === 'failed') throw new Error(`import failed: ${i.error}`);
          return i?.status === 'done';
        },
        minutes * 60_000,
        250,
      );
      const imp = await findImport(t.db, m.id);
      jobS =
        imp?.started_at && imp.finished_at
          ? (imp.finished_at.getTime() - imp.started_at.getTime()) / 1000
          : NaN;
      await waitFor(
        'the summary',
        async () => (await findRun(t.db, m.id, 1))?.status === 'done',
        600_000,
        100,
      );
      importRtf = (performance.now() - t0) / 1000 / audioS;
      const segs = await listSegments(t.db, m.id);
      importWer = wordErrorRate(reference, segs.map((s) => s.text).join(' '));
      log(`import: ${segs.length} lines, RTF ${importRtf.toFixed(3)}, WER ${importWer.toFixed(3)}`);
    } finally {
      await queue.close();
      await service.close();
      await t.drop();
    }

    const wav = fixture.path.replace(/\.mp3$/, '.16k.wav');
    if (!existsSync(wav)) {
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-i',
        fixture.path,
        '-ar',
        '16000',
        '-ac',
        '1',
        '-c:a',
        'pcm_s16le',
        wav,
      ]);
    }
    log('transcribe on the same audio…');
    const segs = await transcribeFile(wav, {
      stt: sttConfigFromEnv({ ...env, STT_PROVIDER: 'local' }),
    });
    const transcribeWer = wordErrorRate(reference, segs.map((s) => s.text).join(' '));
    const gap = importWer - transcribeWer;
    log(`transcribe WER ${transcribeWer.toFixed(3)}; gap ${gap.toFixed(3)}`);
    log(
      `targets: RTF ≤ ${TARGETS.rtf} ${importRtf <= TARGETS.rtf ? 'met' : 'MISSED'}; WER gap ≤ ${TARGETS.werGap} ${gap <= TARGETS.werGap ? 'met' : 'MISSED'}`,
    );
    return {
      import_rtf: round(importRtf, 4),
      import_wer: round(importWer, 4),
      transcribe_wer: round(transcribeWer, 4),
      wer_gap: round(gap, 4),
      import_transcribe_s: round(jobS, 1),
      audio_s: round(audioS, 1),
    };
  },
};

export default bench;
