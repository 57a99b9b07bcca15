import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testEngines } from '../helpers/test-db.js';

/*
 * A walkthrough of the watchlists page as a bank's fraud team, in Thai (session 31): an exact identifier
 * the normaliser refused, a type a kind of watch does not apply to and a watch made twice were said
 * without a code (so in English to a Thai reader), the last without its field and under a "someone changed
 * it meanwhile" heading; an exact bank account asked for a bank code the watch has no field for.
 */
describe.each(testEngines())('watch refusals: field, code, quoted value (%s)', (engine) => {
  let t: TestApp;
  let bank: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine, { WEBHOOK_ALLOW_PRIVATE: 'true' });
    bank = await t.signIn((await t.buildUser(await t.buildOrganisation({ type: 'bank', country: 'TH' }), 'analyst')).email);
  });
  afterAll(() => t.close());

  const watch = (payload: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/watchlists', headers: bank, payload: { name: 'A watch', ...payload } });
  const refusal = async (payload: Record<string, string>, status = 400) => {
    const response = await watch(payload);
    expect(response.statusCode, response.body).toBe(status);
    const errors = response.json().errors as { path: string; message: string; code?: string; params?: Record<string, string> }[];
    expect(errors).toHaveLength(1);
    expect(response.json().detail).toBe(`${errors[0]!.path}: ${errors[0]!.message}`);
    return errors[0]!;
  };

  it('says a refused exact identifier with the normaliser’s code and params', async () => {
    expect(await refusal({ kind: 'exact', indicatorType: 'phone', pattern: 'hello' })).toMatchObject({ path: 'body.pattern', code: expect.stringMatching(/^phone\./), params: { value: '"hello"' } });
    expect(await refusal({ kind: 'domain', indicatorType: 'domain', pattern: 'not a domain' })).toMatchObject({ path: 'body.pattern', code: expect.stringMatching(/^(domain|host)\./), params: { value: '"not a domain"' } });
  });

  it('tells how to write an exact account’s bank or platform in the pattern, which is all a watch has', async () => {
    expect(await refusal({ kind: 'exact', indicatorType: 'bank_account', pattern: '123-4-56789' })).toMatchObject({
      path: 'body.pattern',
      code: 'watch.exact_needs_bank',
      params: { value: '"123-4-56789"' },
      message: expect.stringContaining('e.g. TH:KASITHBK:1234567890'),
    });
    // Written as it says, it is accepted.
    const account = await watch({ kind: 'exact', indicatorType: 'bank_account', pattern: 'TH:KASITHBK:123-4-567890' });
    expect(account.statusCode, account.body).toBe(201);
    expect(account.json().pattern).toBe('TH:KASITHBK:1234567890');
    expect(await refusal({ kind: 'exact', indicatorType: 'messaging_account', pattern: '@scamboss' })).toMatchObject({ code: 'watch.exact_needs_platform', params: { value: '"@scamboss"' } });
    expect((await watch({ kind: 'exact', indicatorType: 'messaging_account', pattern: 'telegram:scamboss' })).statusCode).toBe(201);
  });

  it('names indicatorType, quoted, when the kind of watch does not apply to it', async () => {
    expect(await refusal({ kind: 'prefix', indicatorType: 'email', pattern: 'a@' })).toMatchObject({ path: 'body.indicatorType', code: 'watch.prefix_type', params: { value: '"email"' } });
    expect(await refusal({ kind: 'domain', indicatorType: 'phone', pattern: 'scam-domain.top' })).toMatchObject({ path: 'body.indicatorType', code: 'watch.domain_type', params: { value: '"phone"' } });
  });

  it('refuses a watch made twice at its pattern, with the value as typed and the watch that covers it', async () => {
    expect((await watch({ name: 'Our range', kind: 'prefix', indicatorType: 'phone', pattern: '+66 81 234' })).statusCode).toBe(201);
    expect(await refusal({ kind: 'prefix', indicatorType: 'phone', pattern: '081 234' }, 409)).toMatchObject({
      path: 'body.pattern',
      code: 'watch.duplicate',
      params: { value: '"081 234"', name: '"Our range"', pattern: '+6681234' },
      message: '"081 234" is watched already: your watch "Our range" covers +6681234',
    });
  });

  it('refuses a webhook made twice with a code, quoting the address', async () => {
    const url = 'http://127.0.0.1:9/twice';
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
    expect(first.statusCode, first.body).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: bank, payload: { url } });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ path: 'body.url', code: 'webhook.duplicate', params: { value: '"http://127.0.0.1:9/…"', id: first.json().webhook.id }, message: expect.stringContaining(first.json().webhook.id) }]);
  });
});
