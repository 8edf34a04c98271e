import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PSS_EVERY_MS } from './job-metrics.ts';
import { JobMetrics, readSnapshots, renderMetrics } from './index.ts';

describe('agent metrics', () => {
  it('sums job snapshots into Prometheus text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-metrics-'));
    const a = new JobMetrics(dir, 'AJ_1');
    a.inc('segments_final', 3);
    a.inc('stt_fallbacks');
    a.observeLatency(450);
    a.observeLatency(900);
    a.readCounters = () => ({ audio_received_ms: 9_600, audio_gap_ms: 64 });
    a.flush();
    const b = new JobMetrics(dir, 'AJ_2');
    b.inc('segments_final');
    b.observeLatency(250);
    b.close();
    const text = renderMetrics(await readSnapshots(dir), { uptimeS: 12 });
    expect(text).toContain('parley_agent_segments_final_total 4');
    expect(text).toContain('parley_agent_stt_fallbacks_total 1');
    expect(text).toContain('parley_agent_audio_received_ms_total 9600');
    expect(text).toContain('parley_agent_audio_gap_ms_total 64');
    expect(text).toContain('parley_agent_segment_latency_ms_bucket{le="300"} 1');
    expect(text).toContain('parley_agent_segment_latency_ms_bucket{le="500"} 2');
    expect(text).toContain('parley_agent_segment_latency_ms_bucket{le="+Inf"} 3');
    expect(text).toContain('parley_agent_segment_latency_ms_sum 1600');
    expect(text).toContain('parley_agent_jobs 1'); // AJ_2 has ended
    expect(text).toMatch(/parley_agent_job_memory_bytes\{job="AJ_1",pid="\d+"\} \d+/);
    a.close();
  });

  it('carries the longest event-loop delay of each snapshot interval, and counts stalls', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const m = new JobMetrics(null, 'AJ_4');
      const heard: unknown[] = [];
      m.watchLoop({ stallMs: 250, tickMs: 100, now: () => Date.now() }, (w) => heard.push(w));
      vi.advanceTimersByTime(300);
      expect(m.snapshot()).toMatchObject({ loopDelayMaxMs: 0, counters: { loop_stalls: 0 } });
      vi.setSystemTime(Date.now() + 600);
      vi.advanceTimersByTime(100);
      const stalled = m.snapshot();
      expect(stalled).toMatchObject({ loopDelayMaxMs: 600, counters: { loop_stalls: 1 } });
      expect(heard).toEqual([{ maxMs: 600, stalls: 1, total: 1 }]);
      const text = renderMetrics([stalled], { uptimeS: 1 });
      expect(text).toContain('parley_agent_loop_stalls_total 1');
      expect(text).toMatch(/parley_agent_job_loop_delay_max_ms\{job="AJ_4",pid="\d+"\} 600/);
      // The next window starts empty, and the stall is not told again.
      expect(m.snapshot()).toMatchObject({ loopDelayMaxMs: 0, counters: { loop_stalls: 1 } });
      expect(heard).toHaveLength(1);
      m.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads PSS (a walk of every mapping) every 20 s, and at the end', () => {
    let reads = 0;
    const m = new JobMetrics(null, 'AJ_3', 5_000, () => {
      reads += 1;
      return 1000 * reads;
    });
    vi.useFakeTimers({ now: 0 });
    try {
      expect(m.snapshot().pssBytes).toBe(1000);
      vi.setSystemTime(PSS_EVERY_MS - 1);
      expect(m.snapshot().pssBytes).toBe(1000);
      expect(reads).toBe(1);
      vi.setSystemTime(PSS_EVERY_MS);
      expect(m.snapshot().pssBytes).toBe(2000);
      m.close();
      expect(m.snapshot().pssBytes).toBe(3000);
    } finally {
      vi.useRealTimers();
    }
  });
});
