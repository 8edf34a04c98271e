import { describe, expect, it } from 'vitest';
import { dispatchMetadata, heartbeatKey, jobMetadataSchema } from './agent.ts';

describe('agent dispatch and heartbeat', () => {
  it('dispatch metadata is what the agent reads', () => {
    const id = '3f2a9c1e-0000-4000-8000-000000000000';
    expect(jobMetadataSchema.parse(JSON.parse(dispatchMetadata(id)))).toEqual({ meetingId: id });
    expect(jobMetadataSchema.parse({})).toEqual({});
    expect(jobMetadataSchema.safeParse({ meetingId: 'nope' }).success).toBe(false);
  });

  it('names the heartbeat key by room', () => {
    expect(heartbeatKey('room-1')).toBe('parley:agent:heartbeat:room-1');
  });
});
