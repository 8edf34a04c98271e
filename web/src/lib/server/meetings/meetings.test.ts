import type { Meeting } from '@parley/db';
import { describe, expect, it } from 'vitest';
import {
  createMeetingSchema,
  isUuid,
  listMeetingsQuerySchema,
  parseVocabularyText,
  updateMeetingSchema,
} from './schemas.ts';
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

describe('transcription settings', () => {
  const base = { title: 'Standup', type: 'general' };
  const fieldOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    r.error?.issues[0]?.path[0];

  it('accepts BCP-47 languages and null, refuses others naming the field', () => {
    for (const language of ['en', 'en-US', 'de', 'pt-BR', 'zh-Hant-TW', 'es-419', null]) {
      expect(createMeetingSchema.safeParse({ ...base, language }).success, String(language)).toBe(
        true,
      );
    }
    for (const language of ['', 'english', 'e', 'en_US', 'en-', '12', 'en-US-x-foo-bar', 3]) {
      const r = updateMeetingSchema.safeParse({ language });
      expect(r.success, String(language)).toBe(false);
      expect(fieldOf(r)).toBe('language');
    }
  });

  it('limits vocabulary to 100 terms of 1-60 characters, trimmed and de-duplicated', () => {
    expect(
      createMeetingSchema.parse({ ...base, vocabulary: [' Parley ', 'LiveKit', 'parley'] })
        .vocabulary,
    ).toEqual(['Parley', 'LiveKit']);
    expect(updateMeetingSchema.parse({ vocabulary: [] }).vocabulary).toEqual([]);
    const cases: unknown[] = [
      Array.from({ length: 101 }, (_, i) => `term${i}`),
      ['x'.repeat(61)],
      ['  '],
      'Parley, LiveKit',
      [42],
    ];
    for (const vocabulary of cases) {
      const r = updateMeetingSchema.safeParse({ vocabulary });
      expect(r.success).toBe(false);
      expect(fieldOf(r)).toBe('vocabulary');
    }
    expect(
      updateMeetingSchema.safeParse({ vocabulary: Array.from({ length: 100 }, (_, i) => `t${i}`) })
        .success,
    ).toBe(true);
    expect(updateMeetingSchema.safeParse({ vocabulary: ['x'.repeat(60)] }).success).toBe(true);
  });

  it('takes aiEnabled as a boolean only', () => {
    expect(updateMeetingSchema.parse({ aiEnabled: false })).toEqual({ aiEnabled: false });
    expect(createMeetingSchema.parse(base).aiEnabled).toBeUndefined();
    const r = updateMeetingSchema.safeParse({ aiEnabled: 'no' });
    expect(r.success).toBe(false);
    expect(fieldOf(r)).toBe('aiEnabled');
  });

  it('reads a textarea of terms, one per line or comma-separated', () => {
    expect(parseVocabularyText('Parley\nLiveKit, Kysely\r\n\n ,SvelteKit ')).toEqual([
      'Parley',
      'LiveKit',
      'Kysely',
      'SvelteKit',
    ]);
    expect(parseVocabularyText('')).toEqual([]);
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
      language: 'de',
      vocabulary: ['Acme'],
      ai_enabled: false,
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
      language: 'de',
      vocabulary: ['Acme'],
      aiEnabled: false,
    });
  });
});
