import type { SttProvider, TeamRole } from '@parley/protocol';
import { canTeam } from '../authz/index.ts';
import { getRedis } from '../redis.ts';
import { usableSttProviders } from './providers.ts';

/** The usable providers for a team member who manages its settings; null for anyone else. */
export async function usableSttProvidersFor(role: TeamRole): Promise<SttProvider[] | null> {
  return canTeam(role, 'manage_settings') ? usableSttProviders(getRedis()) : null;
}
