import { describe, expect, it } from 'vitest';
import { isSecretName, isSecretPath, SECRET_FIELDS } from './secret-fields.js';

describe('secret fields', () => {
  it('knows every credential the API takes', () => {
    for (const name of SECRET_FIELDS) expect(isSecretName(name), name).toBe(true);
  });

  it('takes any name that reads like a credential, whatever its case and separators', () => {
    for (const name of ['csrfToken', 'x-csrf-token', 'metricsToken', 'api_key', 'API-KEY', 'clientSecret', 'authorization', 'Cookie', 'x-gpos-signature', 'totp', 'otp', 'credentials', 'privateKey', 'passphrase', 'key']) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('leaves names that only name a key or a token', () => {
    for (const name of ['apiKeyId', 'apiKeyPrefix', 'actorApiKeyId', 'idempotencyKey', 'keys', 'tokenCount', 'name', 'url', 'id', 'victimCountry']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('takes a path with a credential anywhere in it', () => {
    expect(isSecretPath(['body', 'newPassword'])).toBe(true);
    expect(isSecretPath(['body', 'auth', 'token', 'value'])).toBe(true);
    expect(isSecretPath(['body', 'indicators', '0', 'value'])).toBe(false);
  });
});
