/** Whether `fetch` failed because the server closed the connection the request went out on. */
const connectionClosed = (err: unknown) =>
  err instanceof TypeError &&
  (err.cause as { code?: unknown } | undefined)?.code === 'UND_ERR_SOCKET';

/**
 * `fetch`, sending a GET or HEAD again once when the kept-alive connection it went out on was
 * closed by the server at that moment (its idle timeout raced the request), as browsers and
 * proxies do. Writes are never repeated; a server that is down still fails (connection refused).
 */
export async function fetchOnce(url: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((method === 'GET' || method === 'HEAD') && connectionClosed(err)) return fetch(url, init);
    throw err;
  }
}
