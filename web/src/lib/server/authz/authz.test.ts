import { describe, expect, it } from 'vitest';
import { MEETING_ACTIONS, allowedActions, can, canTeam, type MeetingRole } from './index.ts';

describe('meeting permissions', () => {
  const expected: Record<MeetingRole, string[]> = {
    owner: [...MEETING_ACTIONS],
    team_admin: [...MEETING_ACTIONS],
    team_member: ['read', 'join', 'view_attendance', 'edit_action_items'],
    guest: ['join'],
  };

  it.each(Object.entries(expected))('%s may do exactly %j', (role, actions) => {
    expect(allowedActions(role as MeetingRole)).toEqual(actions);
    for (const a of MEETING_ACTIONS) {
      expect(can({ role: role as MeetingRole }, a)).toBe(actions.includes(a));
    }
  });

  it('nobody without access may do anything', () => {
    for (const a of MEETING_ACTIONS) expect(can(null, a)).toBe(false);
  });
});

describe('team permissions', () => {
  it('owners do everything, admins manage, members read', () => {
    expect(canTeam('owner', 'delete')).toBe(true);
    expect(canTeam('admin', 'delete')).toBe(false);
    expect(canTeam('admin', 'invite')).toBe(true);
    expect(canTeam('admin', 'create_meeting')).toBe(true);
    expect(canTeam('member', 'invite')).toBe(false);
    expect(canTeam('member', 'create_meeting')).toBe(false);
    expect(canTeam('member', 'read')).toBe(true);
    expect(canTeam(null, 'read')).toBe(false);
  });
});
