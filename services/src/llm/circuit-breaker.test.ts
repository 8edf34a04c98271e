import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';

function setup(options = {}) {
  let now = 0;
  const changes: [CircuitState, CircuitState][] = [];
  const b = new CircuitBreaker(
    { failureThreshold: 3, openMs: 1000, maxOpenMs: 3000, ...options },
    { now: () => now },
    (f, t) => changes.push([f, t]),
  );
  return { b, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after consecutive failures only', () => {
    const { b } = setup();
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
  });

  it('half-opens after the open period and lets one trial through', () => {
    const { b, advance, changes } = setup();
    for (let i = 0; i < 3; i++) b.failure();
    advance(999);
    expect(b.tryAcquire()).toBe(false);
    advance(1);
    expect(b.state).toBe('half_open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.success();
    expect(b.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'closed'],
    ]);
  });

  it('re-opens for longer when the trial fails, up to the maximum', () => {
    const { b, advance } = setup();
    for (let i = 0; i < 3; i++) b.failure();
    const failTrial = () => {
      expect(b.tryAcquire()).toBe(true);
      b.failure();
      expect(b.state).toBe('open');
    };
    advance(1000);
    failTrial(); // now open 2000
    advance(1999);
    expect(b.state).toBe('open');
    advance(1);
    failTrial(); // 4000 → capped 3000
    advance(3000);
    expect(b.state).toBe('half_open');
    b.tryAcquire();
    b.success();
    expect(b.state).toBe('closed');
    // Back to the short period after recovering.
    for (let i = 0; i < 3; i++) b.failure();
    advance(1000);
    expect(b.state).toBe('half_open');
  });

  it('needs the configured number of trial successes', () => {
    const { b, advance } = setup({ halfOpenSuccesses: 2 });
    for (let i = 0; i < 3; i++) b.failure();
    advance(1000);
    b.tryAcquire();
    b.success();
    expect(b.state).toBe('half_open');
    b.tryAcquire();
    b.success();
    expect(b.state).toBe('closed');
  });

  it('frees the trial slot on release', () => {
    const { b, advance } = setup();
    for (let i = 0; i < 3; i++) b.failure();
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.release();
    expect(b.tryAcquire()).toBe(true);
  });
});
