import { describe, expect, it } from 'vitest';
import { isMeetingRecorded } from './indicator.ts';

describe('isMeetingRecorded', () => {
  it('is on while LiveKit records or the agent says so, off otherwise', () => {
    const agentOn = { isAgent: true, attributes: { 'parley.recording': 'on' } };
    const agentOff = { isAgent: true, attributes: { 'parley.recording': 'off' } };
    const person = { attributes: { 'parley.role': 'member' } };
    expect(isMeetingRecorded(false, [person, agentOn])).toBe(true);
    expect(isMeetingRecorded(true, [person])).toBe(true);
    expect(isMeetingRecorded(false, [person, agentOff])).toBe(false);
    expect(isMeetingRecorded(false, [])).toBe(false);
    expect(isMeetingRecorded(false, [{ attributes: { 'parley.recording': 'on' } }])).toBe(false);
  });
});
