import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { LATENCY_BUCKETS_MS, type JobSnapshot } from './job-metrics.ts';

/** Reads every job snapshot in `dir` (dead jobs' files older than an hour are removed). */
export async function readSnapshots(dir: string): Promise<JobSnapshot[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: JobSnapshot[] = [];
  for (const n of names.filter((x) => x.endsWith('.json'))) {
    try {
      const s = JSON.parse(await readFile(join(dir, n), 'utf8')) as JobSnapshot;
      if (!s.alive && Date.now() - s.updatedAt > 3_600_000) await rm(join(dir, n), { force: true });
      else out.push(s);
    } catch {
      // a file being replaced; the next scrape reads it
    }
  }
  return out;
}

/** Prometheus text exposition of the worker and its jobs. */
export function renderMetrics(snaps: JobSnapshot[], worker: { uptimeS: number }): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  const sum = (f: (s: JobSnapshot) => number) => snaps.reduce((a, s) => a + f(s), 0);
  const counters: [string, string][] = [
    ['segments_final', 'Final segments recognised.'],
    ['segments_stored', 'Final segments written to Postgres.'],
    ['stt_errors', 'Speech recogniser failures.'],
    [
      'stt_fallbacks',
      'Utterances the local recogniser transcribed because the provider failed or rested.',
    ],
    ['stt_reconnects', 'New streaming provider connections after a failure.'],
    ['stt_fallback_ms', 'Milliseconds of speech the local recogniser took over from a provider.'],
    ['stt_provider_audio_ms', 'Milliseconds of audio sent to a cloud STT provider (its cost).'],
    ['db_write_errors', 'Failed Postgres writes (retried).'],
    ['spool_errors', 'Failed spool (Redis) operations.'],
    ['publish_errors', 'Transcriptions that could not be published to the room.'],
    ['vad_windows', '32 ms windows of audio through the speech detector.'],
    ['vad_batches', 'Speech detector model calls (each takes the windows of several people).'],
    ['audio_received_ms', 'Milliseconds of microphone audio the transcription pipelines received.'],
    [
      'audio_gap_ms',
      'Milliseconds of audio missing from received streams against the clock (or over 3 s late).',
    ],
    ['audio_packets_received', 'Inbound audio RTP packets received (WebRTC statistics).'],
    ['audio_packets_lost', 'Inbound audio RTP packets lost after retransmission.'],
    [
      'audio_concealed_ms',
      'Milliseconds of non-silent audio WebRTC invented for missing or late packets.',
    ],
    ['loop_stalls', 'Event-loop stalls of job processes (AGENT_LOOP_STALL_MS or longer).'],
  ];
  for (const [c, help] of counters) {
    const name = `parley_agent_${c}_total`;
    metric(name, 'counter', help);
    lines.push(`${name} ${sum((s) => s.counters[c] ?? 0)}`);
  }
  const h = 'parley_agent_segment_latency_ms';
  metric(h, 'histogram', 'End of speech to final transcript published, in milliseconds.');
  LATENCY_BUCKETS_MS.forEach((b, i) => {
    lines.push(`${h}_bucket{le="${b}"} ${sum((s) => s.latency.buckets[i] ?? 0)}`);
  });
  lines.push(`${h}_bucket{le="+Inf"} ${sum((s) => s.latency.count)}`);
  lines.push(`${h}_sum ${sum((s) => s.latency.sum)}`, `${h}_count ${sum((s) => s.latency.count)}`);
  const live = snaps.filter((s) => s.alive);
  metric('parley_agent_jobs', 'gauge', 'Meeting jobs running.');
  lines.push(`parley_agent_jobs ${live.length}`);
  metric('parley_agent_tracks', 'gauge', 'Audio tracks being transcribed.');
  lines.push(`parley_agent_tracks ${live.reduce((a, s) => a + s.activeTracks, 0)}`);
  metric('parley_agent_job_cpu_seconds_total', 'counter', 'CPU time of each job process.');
  for (const s of live)
    lines.push(
      `parley_agent_job_cpu_seconds_total{job="${s.jobId}",pid="${s.pid}"} ${s.cpuSeconds}`,
    );
  const perJob = (name: string, help: string, value: (s: JobSnapshot) => number) => {
    metric(name, 'gauge', help);
    for (const s of live) lines.push(`${name}{job="${s.jobId}",pid="${s.pid}"} ${value(s)}`);
  };
  perJob(
    'parley_agent_job_memory_bytes',
    'Memory of each job process (PSS: shared pages divided among the processes sharing them; read every 20 s).',
    (s) => s.pssBytes,
  );
  perJob(
    'parley_agent_job_rss_bytes',
    'Resident memory of each job process, shared pages counted in full.',
    (s) => s.rssBytes,
  );
  perJob(
    'parley_agent_job_loop_delay_max_ms',
    'Longest event-loop delay of each job process in its last snapshot interval (5 s; ±100 ms).',
    (s) => s.loopDelayMaxMs,
  );
  metric('parley_agent_worker_uptime_seconds', 'gauge', 'Seconds since the worker started.');
  lines.push(`parley_agent_worker_uptime_seconds ${Math.round(worker.uptimeS)}`);
  return `${lines.join('\n')}\n`;
}

/** What `/readyz` reports: ready or not, and each check's state (`ok` or a short reason). */
export interface Readiness {
  ok: boolean;
  checks: Record<string, string>;
}

export interface ServeMetricsOptions {
  /** Readiness probe for `/readyz` (default: always ready). */
  readiness?: () => Promise<Readiness>;
}

/**
 * Serves `/metrics` (Prometheus), `/healthz` (liveness: the worker process answers) and `/readyz`
 * (readiness: 200 or 503 with `{"status","checks"}`) on loopback or the given host.
 */
export function serveMetrics(
  dir: string,
  port: number,
  host: string,
  opts: ServeMetricsOptions = {},
): Server {
  const started = Date.now();
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      void readSnapshots(dir).then((snaps) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(renderMetrics(snaps, { uptimeS: (Date.now() - started) / 1000 }));
      });
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    if (req.url === '/readyz') {
      const probe = opts.readiness ?? (() => Promise.resolve({ ok: true, checks: {} }));
      void probe()
        .catch((): Readiness => ({ ok: false, checks: { probe: 'failed' } }))
        .then((r) => {
          res.writeHead(r.ok ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: r.ok ? 'ok' : 'unavailable', checks: r.checks }));
        });
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(port, host);
  return server;
}

/**
 * Readiness of a worker: not draining, and the LiveKit Agents worker's own health endpoint
 * (`http://127.0.0.1:<AGENT_HTTP_PORT>/`: connected to LiveKit, inference process alive) says OK.
 */
export async function workerReadiness(
  draining: boolean,
  workerHealthUrl: string | null,
  timeoutMs = 2_000,
): Promise<Readiness> {
  const checks: Record<string, string> = { draining: draining ? 'draining' : 'ok' };
  if (workerHealthUrl) {
    try {
      const r = await fetch(workerHealthUrl, { signal: AbortSignal.timeout(timeoutMs) });
      checks.livekit = r.ok ? 'ok' : 'not_connected';
    } catch {
      checks.livekit = 'unreachable';
    }
  }
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}
