import { createServer, type Server } from 'node:http';

/** Upper bounds (ms) of the request duration histogram. */
export const DURATION_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

/**
 * In-process HTTP metrics of the web app, rendered in the Prometheus text format. Labels are
 * bounded: the SvelteKit route id (`/api/meetings/[id]`, never the concrete URL), the method and
 * the status class, so a scanner cannot blow up the series count.
 */
export class HttpMetrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, Series>();
  #inFlight = 0;
  readonly #started = Date.now();

  /** Call when a request starts; the returned function records its end. */
  start(): (route: string | null, method: string, status: number) => void {
    this.#inFlight++;
    const t0 = performance.now();
    return (route, method, status) => {
      this.#inFlight--;
      const ms = performance.now() - t0;
      const r = route ?? 'unmatched';
      const m = /^[A-Z]{3,7}$/.test(method) ? method : 'OTHER';
      const key = `route="${r}",method="${m}",status="${Math.floor(status / 100)}xx"`;
      this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
      const dk = `route="${r}"`;
      let s = this.#durations.get(dk);
      if (!s) {
        s = { count: 0, sum: 0, buckets: DURATION_BUCKETS_MS.map(() => 0) };
        this.#durations.set(dk, s);
      }
      s.count++;
      s.sum += ms;
      DURATION_BUCKETS_MS.forEach((b, i) => {
        if (ms <= b) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
      });
    };
  }

  /** Prometheus text exposition (requests, durations, in-flight, process figures). */
  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    metric('parley_web_http_requests_total', 'counter', 'HTTP requests by route, method, status.');
    for (const [k, v] of this.#requests) lines.push(`parley_web_http_requests_total{${k}} ${v}`);
    const h = 'parley_web_http_request_duration_ms';
    metric(h, 'histogram', 'Time to the response headers, in milliseconds.');
    for (const [k, s] of this.#durations) {
      DURATION_BUCKETS_MS.forEach((b, i) =>
        lines.push(`${h}_bucket{${k},le="${b}"} ${s.buckets[i]}`),
      );
      lines.push(`${h}_bucket{${k},le="+Inf"} ${s.count}`);
      lines.push(`${h}_sum{${k}} ${Math.round(s.sum)}`, `${h}_count{${k}} ${s.count}`);
    }
    metric('parley_web_http_in_flight', 'gauge', 'Requests being handled.');
    lines.push(`parley_web_http_in_flight ${this.#inFlight}`);
    const mem = process.memoryUsage();
    metric('parley_web_process_resident_memory_bytes', 'gauge', 'Resident memory.');
    lines.push(`parley_web_process_resident_memory_bytes ${mem.rss}`);
    metric('parley_web_process_heap_used_bytes', 'gauge', 'V8 heap in use.');
    lines.push(`parley_web_process_heap_used_bytes ${mem.heapUsed}`);
    const cpu = process.cpuUsage();
    metric('parley_web_process_cpu_seconds_total', 'counter', 'CPU time (user + system).');
    lines.push(`parley_web_process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
    metric('parley_web_uptime_seconds', 'gauge', 'Seconds since the process started.');
    lines.push(`parley_web_uptime_seconds ${Math.round((Date.now() - this.#started) / 1000)}`);
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Serves `GET /metrics` on its own port. Kept off the public port on purpose: nginx only proxies
 * the app port, so metrics (route names, volumes) are reachable from the private network only,
 * with no scrape secret to manage or leak.
 */
export function serveMetrics(metrics: HttpMetrics, port: number, host: string): Server {
  const server = createServer((req, res) => {
    if (req.url === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(req.method === 'HEAD' ? undefined : metrics.render());
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(port, host);
  return server;
}
