import type { RequestHandler } from './$types';
import { chatHistory, parseChatPost, postChatMessage } from '#lib/server/chat/index.ts';
import { requirePrincipal } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import {
  ApiError,
  apiHandler,
  isJsonContentType,
  jsonResponse,
  readBodyText,
} from '#lib/server/http/index.ts';
import { roomContext } from '#lib/server/meetings/index.ts';
import { enforce } from '#lib/server/rate-limit/index.ts';

/** Messages per person and meeting per minute (a person typing fast sends well under this). */
const CHAT_RATE = { limit: 60, windowSeconds: 60 };

async function context(locals: App.Locals, meetingId: string) {
  // Anyone who may join the room (members, hosts, this meeting's guests); others get 404.
  const ctx = await roomContext(getDb(), requirePrincipal(locals.principal), meetingId);
  if (!ctx) throw new ApiError(404, 'not_found', 'Meeting not found.');
  return ctx;
}

/** The chat history the caller may see (guests: none), oldest first. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const ctx = await context(locals, params.id);
  return jsonResponse({ messages: await chatHistory(getDb(), ctx) });
});

/**
 * Stores a chat message from the caller (`{id, content}`): 413 naming `content` over 4,000
 * characters, 422 when empty or malformed, 409 after the meeting ended. Retrying the same id
 * returns the stored message. Live delivery is the sender's data packet; this is the record.
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const ctx = await context(locals, params.id);
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const text = await readBodyText(request);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_json', 'The request body is not valid JSON.');
  }
  const input = parseChatPost(data);
  await enforce(
    [{ key: `chat:${ctx.meeting.id}:${ctx.me.id}`, ...CHAT_RATE }],
    // Chat is not a security boundary: keep it working while Redis is down.
    'open',
  );
  const message = await postChatMessage(getDb(), ctx, input);
  return jsonResponse({ message }, 201);
});
