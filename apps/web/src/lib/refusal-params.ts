/**
 * The params of a refusal (`refusal.*`) that are codes of the platform rather than names or numbers — a
 * network event's kind (`no_link`, `merge`…), an access request's decision (`granted`, `refused`) — said by
 * the labels the pages show them with, so a Thai sentence does not carry `no_link` raw. A value this client
 * has no label for is left as sent.
 */
import type { i18n as I18n } from 'i18next';

/** Each param that holds a code, and the locale group that labels its values. */
const LABELLED_PARAMS: Readonly<Record<string, string>> = {
  kind: 'networks.history.kinds',
  decision: 'intel.accessRequest.status',
};

export function refusalParamsSaid(instance: I18n, params: Readonly<Record<string, string | number>> | null | undefined): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const t = instance.t as unknown as (key: string) => string;
  const said: Record<string, string | number> = { ...params };
  for (const [name, group] of Object.entries(LABELLED_PARAMS)) {
    const value = params[name];
    if (typeof value === 'string' && /^[a-z_]{1,40}$/.test(value) && instance.exists(`${group}.${value}`)) said[name] = t(`${group}.${value}`);
  }
  return said;
}
