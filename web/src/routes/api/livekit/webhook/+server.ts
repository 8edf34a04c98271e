import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readBodyText } from '#lib/server/http/index.ts';
import { applyWebhookEvent, verifyWebhook, webhookReceiver } from '#lib/server/livekit/index.ts';

export const POST: RequestHandler = apiHandler(async ({ request }) => {
  const body = await readBodyText(request);
  const event = await verifyWebhook(webhookReceiver(), body, request.headers.get('authorization'));
  if (!event) throw new ApiError(401, 'invalid_signature', 'Webhook signature is invalid.');
  const outcome = await applyWebhookEvent(getDb(), event);
  return jsonResponse({ ok: true, outcome });
});
