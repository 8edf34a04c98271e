import { DisconnectReason } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { noticeForDisconnect } from './moderation.ts';

describe('moderation notices', () => {
  it('explains server-side disconnects', () => {
    expect(noticeForDisconnect(DisconnectReason.PARTICIPANT_REMOVED)?.type).toBe('removed');
    expect(noticeForDisconnect(DisconnectReason.ROOM_DELETED)?.type).toBe('ended');
    expect(noticeForDisconnect(DisconnectReason.CLIENT_INITIATED)).toBeNull();
  });
});
