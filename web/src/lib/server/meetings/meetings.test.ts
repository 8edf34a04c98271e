import type { Meeting } from '@parley/db';
import { describe, expect, it } from 'vitest';
import { createMeetingSchema, isUuid, listMeetingsQuerySchema } from './schemas.ts';
import { toApiMeeting } from './serialize.ts';

describe('meeting schemas', () => {
  it('validates title length and type', () => {
    expect(createMeetingSchema.parse({ title: '  Standup ', type: 'sales' })).toEqual({
      title: 'Standup',
      type: 'sales',
    });
    expect(createMeetingSchema.safeParse({ title: 'ab', type: 'sales' }).success).toBe(false);
    expect(createMeetingSchema.safeParse({ title: 'x'.repeat(256), type: 'sales' }).success).toBe(
      false,
    );
    expect(createMeetingSchema.safeParse({ title: 'abc', type: 'party' }).success).toBe(false);
  });

  it('coerces list limits', () => {
    expect(listMeetingsQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(listMeetingsQuerySchema.parse({ limit: '5' }).limit).toBe(5);
    expect(listMeetingsQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(listMeetingsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('recognises uuids', () => {
    expect(isUuid(crypto.randomUUID())).toBe(true);
    expect(isUuid('1; drop table')).toBe(false);
  });
});

describe('toApiMeeting', () => {
  it('is camelCase with ISO timestamps and no owner', () => {
    // Cast: other columns of the row (added by later migrations) do not matter here.
    const m = {
      id: 'id',
      title: 't',
      type: 'general',
      status: 'scheduled',
      owner_id: 'o',
      room_name: 'meeting-id',
      created_at: new Date('2026-01-01T00:00:00Z'),
      started_at: null,
      ended_at: null,
      team_id: null,
      subject: 'Acme',
      scheduled_at: null,
      checklist: [],
    } as unknown as Meeting;
    expect(toApiMeeting(m)).toEqual({
      id: 'id',
      title: 't',
      type: 'general',
      status: 'scheduled',
      subject: 'Acme',
      teamId: null,
      scheduledAt: null,
      checklist: [],
      roomName: 'meeting-id',
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: null,
      endedAt: null,
    });
  });
});
