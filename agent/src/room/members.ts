import { ParticipantKind, type RemoteParticipant } from '@livekit/rtc-node';
import { ATTR_ROLE, type ParticipantRole } from '@parley/protocol';

const GUEST: ParticipantRole = 'guest';

/**
 * A member of the meeting in the room: not a guest (guests get no suggestions, checklist or
 * history) and not an agent. Who may receive members' data and send members' requests.
 */
export function isMember(p: Pick<RemoteParticipant, 'kind' | 'attributes'>): boolean {
  return p.kind !== ParticipantKind.AGENT && p.attributes[ATTR_ROLE] !== GUEST;
}
