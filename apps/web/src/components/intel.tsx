/** Small pieces shared by the intelligence pages: status and TLP labels, country codes, the hidden-hit hint. */
import { Alert, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorStatus } from '@gpos/contracts';
import { ApiError } from '../api/client';
import type { HiddenHit } from '../api/intel-types';
import { useRequestAccess } from '../api/queries';
import { countryName } from '../i18n/countries';
import { errorMessage } from '../lib/errors';
import { INDICATOR_STATUS_COLOURS, isTlp, TLP_COLOURS } from '../lib/intel-options';
import { StateLabel } from './StatusBadge';

export function IndicatorStatusLabel({ status, testId }: { status: IndicatorStatus; testId?: string }) {
  const { t } = useTranslation();
  return <StateLabel label={t(`indicatorStatus.${status}`)} colour={INDICATOR_STATUS_COLOURS[status]} testId={testId} />;
}

export function TlpLabel({ tlp }: { tlp: string }) {
  return <StateLabel label={`TLP:${tlp}`} colour={isTlp(tlp) ? TLP_COLOURS[tlp] : 'gray'} />;
}

/** ISO codes, each with its country name for pointer users and screen readers. */
export function CountryCodes({ codes }: { codes: readonly string[] }) {
  const { i18n } = useTranslation();
  if (codes.length === 0) return <>—</>;
  return (
    <Group gap={6} wrap="wrap">
      {codes.map((code) => (
        <Tooltip key={code} label={countryName(code, i18n.language)} withArrow openDelay={300}>
          <abbr title={countryName(code, i18n.language)} style={{ textDecoration: 'none', fontFamily: 'monospace', fontSize: '0.875rem' }}>
            {code}
          </abbr>
        </Tooltip>
      ))}
    </Group>
  );
}

/** Counts how often each value occurs, for "2 banks, 1 law enforcement". */
function tally(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()];
}

/** The one-line summary of a hidden hit: who holds it, by kind and country — never what. */
export function hiddenHitSummary(t: ReturnType<typeof useTranslation>['t'], hit: HiddenHit, locale: string): string {
  const types = tally(hit.holders.map((h) => h.organisationType))
    .map(([type, n]) => `${t(`orgTypes.${type}` as 'orgTypes.bank', { defaultValue: type })}${n > 1 ? ` ×${n}` : ''}`)
    .join(', ');
  const countries = [...new Set(hit.holders.map((h) => h.country))].map((c) => countryName(c, locale)).join(', ');
  return t('intel.hiddenHit.summary', { count: hit.holders.length, types, countries });
}

/** "Hit: held by N partner(s) (types, countries) — request access", and nothing else. */
export function HiddenHitNotice({ hit, compact = false }: { hit: HiddenHit; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const request = useRequestAccess();
  const ask = () =>
    request.mutate(hit.accessRequest.href, {
      onSuccess: () => notifications.show({ color: 'green', message: t('intel.hiddenHit.requested') }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          // The request is routed by the cooperation module; until it is there, say so plainly.
          message: error instanceof ApiError && (error.status === 404 || error.status === 405) ? t('intel.hiddenHit.unavailable') : errorMessage(t, error),
        }),
    });
  const button = (
    <Button size="xs" variant="default" onClick={ask} loading={request.isPending} disabled={request.isSuccess}>
      {request.isSuccess ? t('intel.hiddenHit.requestSent') : t('intel.hiddenHit.request')}
    </Button>
  );
  if (compact) {
    return (
      <Stack gap={4} data-testid="hidden-hit">
        <Text size="sm">{hiddenHitSummary(t, hit, i18n.language)}</Text>
        <div>{button}</div>
      </Stack>
    );
  }
  return (
    <Alert color="yellow" variant="light" title={t('intel.hiddenHit.title')} data-testid="hidden-hit">
      <Stack gap="xs">
        <Text size="sm">{hiddenHitSummary(t, hit, i18n.language)}</Text>
        <Text size="sm">{t('intel.hiddenHit.explain')}</Text>
        <div>{button}</div>
      </Stack>
    </Alert>
  );
}

const TAG_COLOURS = {
  gray: { border: 'var(--mantine-color-gray-6)', bg: 'transparent', fg: 'var(--mantine-color-gray-8)' },
  green: { border: 'transparent', bg: 'var(--mantine-color-green-0)', fg: '#1e6b34' },
  blue: { border: 'transparent', bg: 'var(--mantine-color-blue-0)', fg: 'var(--mantine-color-blue-9)' },
  red: { border: 'transparent', bg: 'var(--mantine-color-red-0)', fg: 'var(--mantine-color-red-9)' },
} as const;

/**
 * A small label. Not Mantine's Badge: it sizes its box by the narrowest line break, which cuts Thai
 * words off (see StateLabel).
 */
export function Tag({ children, colour = 'gray', testId }: { children: ReactNode; colour?: keyof typeof TAG_COLOURS; testId?: string }) {
  const c = TAG_COLOURS[colour];
  return (
    <Text
      span
      size="xs"
      fw={600}
      data-testid={testId}
      style={{
        display: 'inline-block',
        whiteSpace: 'nowrap',
        padding: '1px 8px',
        borderRadius: 999,
        border: `1px solid ${c.border}`,
        background: c.bg,
        color: c.fg,
        lineHeight: 1.6,
      }}
    >
      {children}
    </Text>
  );
}
