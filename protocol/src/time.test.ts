import { describe, expect, it } from 'vitest';
import { clock, isTimeZone, timeZoneSchema } from './time.ts';

describe('clock', () => {
  it('writes mm:ss, and h:mm:ss past an hour', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(14_999)).toBe('00:14');
    expect(clock(725_000)).toBe('12:05');
    expect(clock(3_600_000 + 61_000)).toBe('1:01:01');
    expect(clock(-5)).toBe('00:00');
  });
});

describe('time zones', () => {
  it('take IANA names and UTC, refuse anything else', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata']) {
      expect(isTimeZone(tz), tz).toBe(true);
    }
    for (const tz of ['', 'Mars/Olympus', 'Europe/Berlin; drop table', 'x'.repeat(65)]) {
      expect(isTimeZone(tz), tz).toBe(false);
    }
    expect(timeZoneSchema.safeParse(null).success).toBe(true);
    expect(timeZoneSchema.safeParse('Nowhere/Town').success).toBe(false);
    expect(timeZoneSchema.safeParse(3).success).toBe(false);
  });
});
