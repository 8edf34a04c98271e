/**
 * Calls a route handler directly, for unit tests of small routes whose services are mocked: a
 * JSON POST (or another type) to `path` with the route's params and the caller's principal.
 */
export function postToRoute(
  handler: unknown,
  path: string,
  params: Record<string, string>,
  body: string,
  principal: unknown,
  contentType = 'application/json',
): Promise<Response> {
  const request = new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const event = { request, params, locals: { principal }, url: new URL(request.url) };
  return (handler as (e: typeof event) => Promise<Response>)(event);
}
