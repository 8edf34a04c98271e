import { principalKey, type Principal } from '../auth/principal.ts';
import { config } from '../config.ts';
import { enforce, rule } from '../rate-limit/index.ts';

/**
 * Charges a visit of a shared page or recording to the visitor's API allowance (the JSON API's
 * bucket: by account when signed in, else by address); 429 beyond it. Fails open, like the API.
 */
export function chargeShareVisit(principal: Principal | null, ip: string): Promise<void> {
  return enforce([rule(`api:${principalKey(principal, ip)}`, config().rateLimits.api)], 'open');
}
