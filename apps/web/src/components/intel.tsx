/** Small pieces shared by the intelligence pages: status and TLP labels, country codes, the hidden-hit hint. */
import { Alert, Anchor, Button, Code, Group, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import type { TFunction } from 'i18next';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LIMITS, type IndicatorStatus } from '@gpos/contracts';
import type { AccessRequest, HiddenHit } from '../api/intel-types';
import { usePendingAccessRequest, useRequestAccess } from '../api/access-requests-queries';
import { countryName } from '../i18n/countries';
import { fieldError } from '../lib/errors';
import { shownIndicator } from '../lib/indicator-display';
import { AppModal } from './AppModal';
import { ErrorAlert } from './ErrorAlert';
import { INDICATOR_STATUS_COLOURS, isTlp, TLP_COLOURS } from '../lib/intel-options';
import { StateLabel } from './StatusBadge';

/** An indicator's status; a known-benign one (on a warninglist, or a private or reserved address) is never shown in alarm red. */
export function IndicatorStatusLabel({ status, benign = false, testId }: { status: IndicatorStatus; benign?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const colour = benign && INDICATOR_STATUS_COLOURS[status] === 'red' ? 'gray' : INDICATOR_STATUS_COLOURS[status];
  return <StateLabel label={t(`indicatorStatus.${status}`)} colour={colour} testId={testId} />;
}

/**
 * An identifier as the server displays it (`Telegram @scamdesk`), linked to its page when `to` is given,
 * with its canonical value (`telegram:scamdesk`) under it when that reads differently.
 */
export function IndicatorValue({ indicator, to, testId }: { indicator: { value: string; display?: string | null }; to?: string; testId?: string }) {
  const shown = shownIndicator(indicator);
  return (
    <div className="break-all" data-testid={testId}>
      {to ? (
        <Anchor component={Link} to={to} ff="monospace" fz="sm" data-testid={testId ? `${testId}-display` : undefined}>
          {shown.primary}
        </Anchor>
      ) : (
        <Text span ff="monospace" fz="sm" data-testid={testId ? `${testId}-display` : undefined}>
          {shown.primary}
        </Text>
      )}
      {shown.canonical !== null && (
        <Text size="xs" ff="monospace">
          <Code fz="xs">{shown.canonical}</Code>
        </Text>
      )}
    </div>
  );
}

/** An identifier the degree guard holds (far more reports than usual for its type): evidence, not a verdict alone. */
export function WidelySharedTag({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('lookup.widelySharedHint')} withArrow multiline w={320} openDelay={300}>
      <span>
        <Tag colour="amber" testId={testId}>
          {t('lookup.widelyShared')}
        </Tag>
      </span>
    </Tooltip>
  );
}

/**
 * "Known benign", next to the status of an identifier on a warninglist or of a private or reserved
 * address (and a URL on one), which the server judges benign by rule; its tooltip says which.
 */
export function BenignTag({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('reportForm.benignHint')} withArrow multiline w={280} openDelay={300}>
      <span>
        <Tag colour="green" testId={testId}>
          {t('lookup.benign')}
        </Tag>
      </span>
    </Tooltip>
  );
}

/**
 * "TLP:AMBER+STRICT" may break before its "+STRICT" in a narrow column (it held the reports list 19 pixels
 * wider than a 1280-pixel screen allows); nowhere else, and the text read or copied stays whole.
 */
export function TlpLabel({ tlp }: { tlp: string }) {
  const plus = tlp.indexOf('+');
  const label = plus > 0 ? (
    <>
      TLP:{tlp.slice(0, plus)}
      <wbr />
      {tlp.slice(plus)}
    </>
  ) : (
    `TLP:${tlp}`
  );
  return <StateLabel label={label} colour={isTlp(tlp) ? TLP_COLOURS[tlp] : 'gray'} wraps={plus > 0} />;
}

/** ISO codes, each with its country name for pointer users and screen readers. */
export function CountryCodes({ codes }: { codes: readonly string[] }) {
  const { i18n } = useTranslation();
  if (codes.length === 0) return <>—</>;
  return (
    <Group gap={6} wrap="wrap">
      {codes.map((code) => (
        <Tooltip key={code} label={countryName(code, i18n.language)} withArrow openDelay={300}>
          <abbr title={countryName(code, i18n.language)} style={{ textDecoration: 'none', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: '0.875rem' }}>
            {code}
          </abbr>
        </Tooltip>
      ))}
    </Group>
  );
}

/**
 * The one-line summary of a hidden hit: who holds it, by kind and country — never what, nor how many.
 * The server names each kind and country once (two Thai banks are one holder entry), so the line says
 * neither a count of partners nor "×2": "held by 1 partner" had been said of reports three banks held.
 * `partial`: the viewer sees other reports of it, so these are partners' further reports.
 */
export function hiddenHitSummary(t: TFunction, hit: HiddenHit, locale: string, partial = false): string {
  const types = [...new Set(hit.holders.map((h) => h.organisationType))].map((type) => t(`orgTypes.${type}` as 'orgTypes.bank', { defaultValue: type })).join(', ');
  const countries = [...new Set(hit.holders.map((h) => h.country))].map((c) => countryName(c, locale)).join(', ');
  return t(partial ? 'intel.hiddenHit.alsoHeld' : 'intel.hiddenHit.summary', { types, countries });
}

/** Where the organisation follows its access requests and the holders' answers. */
export const ACCESS_REQUESTS_PATH = '/cooperation/access-requests?tab=outgoing';

/** The server's minimum for an access request's reason (`createAccessRequestSchema`). */
export const ACCESS_REASON_MIN = 10;

/** The indicator a hidden hit's access-request link names (`/api/v1/indicators/{id}/access-requests`). */
export function hiddenHitIndicatorId(hit: HiddenHit): string | null {
  return /\/indicators\/([^/?#]+)\/access-requests/.exec(hit.accessRequest.href)?.[1] ?? null;
}

/**
 * "Hit: held by partners (types; countries)", the button to request access, and nothing else. `partial`:
 * beside what the viewer sees of the identifier, said as partners' further reports.
 */
export function HiddenHitNotice({ hit, compact = false, partial = false }: { hit: HiddenHit; compact?: boolean; partial?: boolean }) {
  const { t, i18n } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [justSent, setJustSent] = useState<AccessRequest | null>(null);
  // A request sent earlier is still pending: say so after a reload too.
  const pending = usePendingAccessRequest('indicator', hiddenHitIndicatorId(hit));
  const sent = justSent ?? pending ?? null;
  const action = (
    <Stack gap={4} align="flex-start">
      <Button size="xs" variant="default" onClick={() => setAsking(true)} disabled={sent !== null} data-testid="request-access">
        {t('intel.hiddenHit.request')}
      </Button>
      {sent && (
        <>
          <Text size="sm" role="status" data-testid="access-request-sent">
            {t('intel.hiddenHit.sentPending')}
          </Text>
          <Anchor component={Link} to={ACCESS_REQUESTS_PATH} fz="sm" data-testid="access-request-follow">
            {t('intel.accessRequest.follow')}
          </Anchor>
        </>
      )}
      {asking && (
        <RequestAccessDialog
          hit={hit}
          onClose={() => setAsking(false)}
          onSent={(request) => {
            setJustSent(request);
            setAsking(false);
          }}
        />
      )}
    </Stack>
  );
  if (compact) {
    return (
      <Stack gap={4} data-testid="hidden-hit" data-partial={partial || undefined}>
        <Text size="sm">{hiddenHitSummary(t, hit, i18n.language, partial)}</Text>
        {action}
      </Stack>
    );
  }
  return (
    <Alert color="yellow" variant="light" title={t('intel.hiddenHit.title')} data-testid="hidden-hit">
      <Stack gap="xs">
        <Text size="sm">{hiddenHitSummary(t, hit, i18n.language)}</Text>
        <Text size="sm">{t('intel.hiddenHit.explain')}</Text>
        {action}
      </Stack>
    </Alert>
  );
}

/** Asks for the reason, then posts it to the href the server gave with the hit. */
function RequestAccessDialog({ hit, onClose, onSent }: { hit: HiddenHit; onClose: () => void; onSent: (request: AccessRequest) => void }) {
  const { t, i18n } = useTranslation();
  const request = useRequestAccess();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    const tooShort = trimmed.length < ACCESS_REASON_MIN;
    setError(tooShort ? t('intel.accessRequest.reasonMin', { min: ACCESS_REASON_MIN }) : undefined);
    if (tooShort) return;
    request.mutate(
      { href: hit.accessRequest.href, reason: trimmed },
      {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: t('intel.hiddenHit.requested') });
          onSent(created);
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={t('intel.accessRequest.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{hiddenHitSummary(t, hit, i18n.language)}</Text>
          <Text size="sm">{t('intel.accessRequest.explain')}</Text>
          <ErrorAlert error={request.error} inlineFields={['reason']} />
          <Textarea
            label={t('intel.accessRequest.reason')}
            description={t('intel.accessRequest.reasonHint', { min: ACCESS_REASON_MIN, max: LIMITS.description })}
            required
            autosize
            minRows={3}
            maxRows={10}
            minLength={ACCESS_REASON_MIN}
            maxLength={LIMITS.description}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error ?? fieldError(request.error, 'reason')}
            data-autofocus
            data-testid="access-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.isPending} data-testid="access-request-submit">
              {t('intel.accessRequest.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/**
 * The holders of a request, by kind and by country: "Bank, Law enforcement; TH, MY". Each kind once: the
 * server lists a kind once per country, so a count of entries ("Bank ×2") would read as two banks where it
 * meant banks in two countries, and as one where two Thai banks held it.
 */
export function HoldersSummary({ holders }: { holders: HiddenHit['holders'] }) {
  const { t } = useTranslation();
  if (holders.length === 0) return <>—</>;
  const types = [...new Set(holders.map((h) => h.organisationType))].map((type) => t(`orgTypes.${type}` as 'orgTypes.bank', { defaultValue: type })).join(', ');
  return (
    <Stack gap={2}>
      <Text size="sm">{types}</Text>
      <CountryCodes codes={[...new Set(holders.map((h) => h.country))]} />
    </Stack>
  );
}

const ACCESS_STATUS_COLOURS = { pending: 'orange', granted: 'green', refused: 'red', withdrawn: 'gray' } as const;

export function AccessRequestStatusLabel({ status }: { status: AccessRequest['status'] }) {
  const { t } = useTranslation();
  return <StateLabel label={t(`intel.accessRequest.status.${status}`)} colour={ACCESS_STATUS_COLOURS[status]} testId="access-request-status" />;
}

const TAG_COLOURS = {
  gray: { border: 'var(--mantine-color-gray-6)', bg: 'transparent', fg: 'var(--mantine-color-gray-8)' },
  green: { border: 'transparent', bg: 'var(--mantine-color-green-0)', fg: '#1e6b34' },
  blue: { border: 'transparent', bg: 'var(--mantine-color-blue-0)', fg: 'var(--mantine-color-blue-9)' },
  red: { border: 'transparent', bg: 'var(--mantine-color-red-0)', fg: 'var(--mantine-color-red-9)' },
  // A dark brown on pale yellow: Mantine's yellow-9 on yellow-0 falls short of 4.5:1.
  amber: { border: 'transparent', bg: 'var(--mantine-color-yellow-0)', fg: '#6b4100' },
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
