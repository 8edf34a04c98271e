const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-origin write protection for pages and the API (on top of SvelteKit's own check of form
 * posts). A state-changing request is refused when the browser tells us it comes from elsewhere:
 * an `Origin` header other than ours, or `Sec-Fetch-Site` other than same-origin/none. Requests that carry neither header are not from a browser (scripts, LiveKit's
 * webhooks) and cannot ride on a victim's cookies. Bearer-token requests carry no ambient
 * credentials and are exempt.
 */
export function isCrossOriginWrite(request: Request, ownOrigin: string): boolean {
  if (!UNSAFE.has(request.method)) return false;
  if (/^Bearer\s/i.test(request.headers.get('authorization') ?? '')) return false;
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== ownOrigin) return true;
  const site = request.headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}
