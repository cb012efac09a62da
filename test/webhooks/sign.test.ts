import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, webhookSecretKey } from '../../src/webhooks/sign.js';

// The published Standard Webhooks / Svix example vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('signWebhook', () => {
  it('matches the Standard Webhooks example vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('uses the UTF-8 bytes of a secret without the whsec_ prefix', () => {
    expect(webhookSecretKey('plain secret')).toEqual(Buffer.from('plain secret'));
    expect(webhookSecretKey('whsec_AAEC')).toEqual(Buffer.from([0, 1, 2]));
    expect(signWebhook('plain', 'msg_1', 1, '{}')).not.toBe(signWebhook('plain2', 'msg_1', 1, '{}'));
  });
});

describe('verifyWebhook', () => {
  const msg = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature, body: VECTOR.body };
  const now = VECTOR.timestamp + 10;

  it('accepts the right signature, also among several (key rotation)', () => {
    expect(verifyWebhook(VECTOR.secret, msg, now)).toBe(true);
    expect(verifyWebhook(VECTOR.secret, { ...msg, signature: `v1,AAAA ${VECTOR.signature}` }, now)).toBe(true);
  });

  it.each([
    ['a changed body', { body: '{"test": 2432232315}' }],
    ['a changed id', { id: 'msg_other' }],
    ['a changed timestamp', { timestamp: String(VECTOR.timestamp + 1) }],
    ['a garbage signature', { signature: 'v1,not-base64!!' }],
    ['another scheme', { signature: VECTOR.signature.replace('v1,', 'v1a,') }],
    ['a non-numeric timestamp', { timestamp: 'soon' }],
  ])('refuses %s', (_name, change) => {
    expect(verifyWebhook(VECTOR.secret, { ...msg, ...change }, now)).toBe(false);
  });

  it('refuses a timestamp outside the tolerance', () => {
    expect(verifyWebhook(VECTOR.secret, msg, VECTOR.timestamp + 301)).toBe(false);
    expect(verifyWebhook(VECTOR.secret, msg, VECTOR.timestamp - 301)).toBe(false);
  });

  it('refuses the wrong secret', () => {
    expect(verifyWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', msg, now)).toBe(false);
  });
});
