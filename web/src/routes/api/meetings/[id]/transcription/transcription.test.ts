import { beforeEach, describe, expect, it, vi } from 'vitest';
import { postToRoute } from '#lib/server/testing/route.ts';

const setParticipantAttributes = vi.fn();
const roomContext = vi.fn();

vi.mock('#lib/server/db.ts', () => ({ getDb: () => ({}) }));
vi.mock('#lib/server/livekit/index.ts', () => ({ setParticipantAttributes }));
vi.mock('#lib/server/meetings/index.ts', () => ({ roomContext }));
vi.mock('#lib/server/http/report.ts', () => ({ reportError: () => 'ref' }));
const redis = { set: vi.fn(), del: vi.fn(), exists: vi.fn() };
vi.mock('#lib/server/redis.ts', () => ({ getRedis: () => redis }));
vi.mock('#lib/server/config.ts', () => ({ config: () => ({ rateLimitPrefix: 'parley' }) }));

const { POST } = await import('./+server.ts');

const MEETING = '6f1c1f1e-9a43-4c55-8f0e-2b1d7d1f0a01';
const user = { kind: 'user', user: { id: 'u1', name: 'Ada' } };

const call = (body: string, opts: { principal?: unknown; contentType?: string } = {}) =>
  postToRoute(
    POST,
    `/api/meetings/${MEETING}/transcription`,
    { id: MEETING },
    body,
    'principal' in opts ? opts.principal : user,
    opts.contentType,
  );

beforeEach(() => {
  redis.set.mockReset().mockResolvedValue('OK');
  redis.del.mockReset().mockResolvedValue(1);
  setParticipantAttributes.mockReset().mockResolvedValue(true);
  roomContext.mockReset().mockResolvedValue({
    meeting: { id: MEETING, room_name: `meeting-${MEETING}` },
    me: { id: 'u1', name: 'Ada', guest: false },
  });
});

describe('POST /api/meetings/:id/transcription', () => {
  it("sets the caller's own participant attribute", async () => {
    const res = await call('{"paused":true}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ paused: true });
    expect(setParticipantAttributes).toHaveBeenCalledWith(`meeting-${MEETING}`, 'u1', {
      'parley.transcription': 'paused',
    });
    await call('{"paused":false}');
    expect(setParticipantAttributes).toHaveBeenLastCalledWith(`meeting-${MEETING}`, 'u1', {
      'parley.transcription': 'active',
    });
  });

  it('uses the guest identity for guests', async () => {
    roomContext.mockResolvedValue({
      meeting: { id: MEETING, room_name: 'r' },
      me: { id: 'guest-1', name: 'Gail', guest: true },
    });
    expect((await call('{"paused":true}')).status).toBe(200);
    expect(setParticipantAttributes).toHaveBeenCalledWith('r', 'guest-1', expect.anything());
  });

  it('validates the body (422 in the error shape, 415 for non-JSON)', async () => {
    for (const body of ['{"paused":"yes"}', '{}', '{"paused":true,"who":"u2"}']) {
      const res = await call(body);
      expect(res.status, body).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await call('paused=true', { contentType: 'text/plain' })).status).toBe(415);
    expect(setParticipantAttributes).not.toHaveBeenCalled();
  });

  it('answers 401 without a caller and 404 for meetings the caller may not join', async () => {
    expect((await call('{"paused":true}', { principal: null })).status).toBe(401);
    roomContext.mockResolvedValue(null);
    const res = await call('{"paused":true}');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(setParticipantAttributes).not.toHaveBeenCalled();
  });

  it('answers 409 when the caller is not in the room, 500 for other LiveKit failures', async () => {
    setParticipantAttributes.mockResolvedValue(false); // not in the room
    const res = await call('{"paused":true}');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'not_in_room' } });
    setParticipantAttributes.mockRejectedValue(new Error('connection refused'));
    expect((await call('{"paused":true}')).status).toBe(500);
  });

  it('remembers the pause per meeting and identity in Redis (24 h), forgets it on resume', async () => {
    await call('{"paused":true}');
    expect(redis.set).toHaveBeenCalledWith(
      `parley:transcription-paused:${MEETING}:u1`,
      '1',
      'EX',
      86_400,
    );
    await call('{"paused":false}');
    expect(redis.del).toHaveBeenCalledWith(`parley:transcription-paused:${MEETING}:u1`);
  });

  it('still changes the live attribute when Redis is down', async () => {
    redis.set.mockRejectedValue(new Error('Connection is closed.'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const res = await call('{"paused":true}');
    expect(res.status).toBe(200);
    expect(setParticipantAttributes).toHaveBeenCalled();
    expect(warn.mock.calls.flat().join(' ')).not.toContain('Ada');
    warn.mockRestore();
  });
});
