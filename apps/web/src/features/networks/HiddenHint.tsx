import type { TFunction } from 'i18next';
import { Alert, Anchor, Button, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LIMITS } from '@gpos/contracts';
import { useNetworkAccessRequest, type NetworkSummary } from '../../api/networks-queries';
import { usePendingAccessRequest } from '../../api/access-requests-queries';
import { AppModal } from '../../components/AppModal';
import { ACCESS_REQUESTS_PATH } from '../../components/intel';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldError } from '../../lib/errors';
import { organisationTypeLabel } from '../../lib/options';

type Hidden = NetworkSummary['hidden'];
type T = TFunction;

/** The server's minimum for a network access request's reason (`networkAccessRequestSchema`). */
export const NETWORK_ACCESS_REASON_MIN = 10;

/** "Bank (TH), Law enforcement (IN)": who holds the hidden reports (each kind and country once), never what they say. */
export function holdersText(t: T, hidden: Hidden): string {
  return hidden.holders.map((h) => `${organisationTypeLabel(t, h.organisationType)} (${h.country})`).join(', ');
}

/** "N more reports from K partner organisations: …" (issue 4) and a button to ask them for access. */
export function HiddenHint({ hidden, networkId }: { hidden: Hidden; networkId: string }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [justSent, setJustSent] = useState(false);
  // A request sent earlier (or from another tab) is still pending: say so after a reload too.
  const pending = usePendingAccessRequest('network', networkId, hidden.holders.length > 0 && !!hidden.accessRequest);
  const sent = justSent || pending !== undefined;
  if (hidden.holders.length === 0) return null;
  const summary = t('networks.hidden.summary', { count: hidden.reports, partners: t('networks.hidden.partners', { count: hidden.organisations }), holders: holdersText(t, hidden) });
  const href = hidden.accessRequest?.href;
  return (
    <Alert color="yellow" variant="light" title={t('networks.hidden.title')} data-testid="network-hidden-hint">
      <Stack gap="xs" align="flex-start">
        <Text size="sm" data-testid="network-hidden-summary">
          {summary}
        </Text>
        <Text size="sm">{t('networks.hidden.explain')}</Text>
        {href && (
          <Button size="xs" variant="default" onClick={() => setAsking(true)} disabled={sent} data-testid="network-request-access">
            {t('networks.hidden.request')}
          </Button>
        )}
        {sent && (
          <>
            <Text size="sm" role="status" data-testid="network-access-sent">
              {t('networks.hidden.sentPending')}
            </Text>
            <Anchor component={Link} to={ACCESS_REQUESTS_PATH} fz="sm" data-testid="network-access-follow">
              {t('networks.hidden.follow')}
            </Anchor>
          </>
        )}
      </Stack>
      {asking && href && (
        <AccessDialog
          href={href}
          summary={summary}
          onClose={() => setAsking(false)}
          onSent={() => {
            setJustSent(true);
            setAsking(false);
          }}
        />
      )}
    </Alert>
  );
}

function AccessDialog({ href, summary, onClose, onSent }: { href: string; summary: string; onClose: () => void; onSent: () => void }) {
  const { t } = useTranslation();
  const request = useNetworkAccessRequest();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    const tooShort = trimmed.length < NETWORK_ACCESS_REASON_MIN;
    setError(tooShort ? t('networks.hidden.reasonMin', { min: NETWORK_ACCESS_REASON_MIN }) : undefined);
    if (tooShort) return;
    request.mutate(
      { href, reason: trimmed },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('networks.hidden.requested') });
          onSent();
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={t('networks.hidden.dialogTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{summary}</Text>
          <Text size="sm">{t('networks.hidden.dialogExplain')}</Text>
          <ErrorAlert error={request.error} inlineFields={['reason']} />
          <Textarea
            label={t('networks.hidden.reason')}
            description={t('networks.hidden.reasonHint', { min: NETWORK_ACCESS_REASON_MIN, max: LIMITS.description })}
            required
            autosize
            minRows={3}
            maxLength={LIMITS.description}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error ?? fieldError(request.error, 'reason')}
            data-autofocus
          />
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={request.isPending}>
              {t('networks.hidden.send')}
            </Button>
          </div>
        </Stack>
      </form>
    </AppModal>
  );
}
