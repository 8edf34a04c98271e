import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  webhookHeaders,
} from './signing.ts';

describe('Standard Webhooks signing', () => {
  it('matches the specification example', () => {
    // The example of the Standard Webhooks specification.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies either signature, refuses tampering and stale timestamps', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    const now = 1_800_000_000;
    const h = webhookHeaders([a, b], 'msg_1', now, '{"x":1}');
    const headers = {
      id: h['webhook-id'] ?? '',
      timestamp: h['webhook-timestamp'] ?? '',
      signature: h['webhook-signature'] ?? '',
    };
    expect(verifyWebhookSignature(a, headers, '{"x":1}', 300, now)).toBe(true);
    expect(verifyWebhookSignature(b, headers, '{"x":1}', 300, now)).toBe(true);
    expect(verifyWebhookSignature(generateWebhookSecret(), headers, '{"x":1}', 300, now)).toBe(
      false,
    );
    expect(verifyWebhookSignature(a, headers, '{"x":2}', 300, now)).toBe(false);
    expect(verifyWebhookSignature(a, headers, '{"x":1}', 300, now + 301)).toBe(false);
  });
});
