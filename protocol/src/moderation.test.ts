import { describe, expect, it } from 'vitest';
import { MODERATION_TOPIC, parseModerationMessage } from './moderation.ts';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('moderation notices', () => {
  it('parses the server messages on the moderation topic only', () => {
    expect(
      parseModerationMessage(enc({ type: 'muted', reason: 'Too loud' }), MODERATION_TOPIC),
    ).toEqual({
      type: 'muted',
      message: 'Too loud',
    });
    expect(parseModerationMessage(enc({ type: 'removed' }), MODERATION_TOPIC)?.message).toMatch(
      /removed/,
    );
    expect(parseModerationMessage(enc({ type: 'muted' }), 'chat')).toBeNull();
    expect(parseModerationMessage(enc({ type: 'other' }), MODERATION_TOPIC)).toBeNull();
    expect(parseModerationMessage(new TextEncoder().encode('{'), MODERATION_TOPIC)).toBeNull();
  });
});
