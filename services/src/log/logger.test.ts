import { describe, expect, it } from 'vitest';
import { createLogger, errorFields, type LogLevel } from './logger.ts';

function capture(level: LogLevel = 'info') {
  const lines: { line: Record<string, unknown>; level: LogLevel }[] = [];
  const log = createLogger({
    service: 'parley-web',
    level,
    write: (l, lv) => lines.push({ line: JSON.parse(l) as Record<string, unknown>, level: lv }),
  });
  return { log, lines };
}

describe('logs', () => {
  it('write the agent’s (pino’s) line shape with pino’s call convention', () => {
    const { log, lines } = capture();
    log.info({ meetingId: 'm1' }, 'agent re-dispatched to meeting');
    log.warn('plain message');
    expect(lines).toHaveLength(2);
    const [first, second] = lines;
    expect(Object.keys(first?.line ?? {})).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'service',
      'meetingId',
      'msg',
    ]);
    expect(first?.line).toMatchObject({
      level: 30,
      pid: process.pid,
      service: 'parley-web',
      meetingId: 'm1',
      msg: 'agent re-dispatched to meeting',
    });
    expect(typeof first?.line.time).toBe('number');
    expect(second).toMatchObject({ level: 'warn', line: { level: 40, msg: 'plain message' } });
  });

  it('skip lines below the level; children carry their bindings', () => {
    const { log, lines } = capture('warn');
    log.info('not written');
    log.child({ component: 'reconciler' }).error(errorFields(new TypeError('boom')), 'failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).toMatchObject({
      level: 50,
      component: 'reconciler',
      err: { type: 'TypeError', message: 'boom' },
    });
  });
});
