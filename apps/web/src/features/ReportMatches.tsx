/**
 * What GPOS already knows of a report's identifiers, shown on the submission's confirmation and on the
 * report page: other reports, organisations and victim countries; a hit in reports the viewer may not
 * see; "new to GPOS" (just submitted), or the only one so far. One batch lookup for the whole report, and
 * one call for its network.
 */
import { Anchor, Group, Loader, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Report } from '../api/intel-types';
import { useReportNetwork } from '../api/networks-queries';
import { useLookupMany } from '../api/intel-queries';
import { useSession } from '../auth/session';
import { HiddenHitNotice, WidelySharedTag } from '../components/intel';
import { countryName } from '../i18n/countries';
import { NetworkId } from './networks/NetworkId';
import { canNetworks } from './networks/permissions';
import { knownCount, lookupItems, reportMatches, type IndicatorMatch } from './report-matches';

/**
 * One batch lookup for every identifier of the report (none while the report is loading). `justSubmitted`
 * on the submission's confirmation: only there is a report alone "new to GPOS" (report-matches.ts).
 */
export function useReportMatches(report: Pick<Report, 'status' | 'indicators' | 'occurredAt'> | undefined, justSubmitted = false) {
  const items = useMemo(() => lookupItems(report?.indicators ?? []), [report?.indicators]);
  const lookup = useLookupMany(items);
  const matches = useMemo(
    () => (report ? reportMatches(report, lookup.data?.results, justSubmitted) : new Map<string, IndicatorMatch | null>()),
    [report, lookup.data, justSubmitted],
  );
  return { matches, pending: lookup.isPending && items.length > 0, failed: lookup.isError };
}

export type ReportMatchesState = ReturnType<typeof useReportMatches>;

/** Beneath one identifier: what other reports say of it. */
export function IndicatorMatchInfo({ state, indicatorId, owner }: { state: ReportMatchesState; indicatorId: string; owner: string }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  if (state.pending) return <Loader size="xs" aria-label={t('reportMatches.checking')} />;
  if (state.failed) {
    return (
      <Text size="sm" c="dimmed">
        {t('reportMatches.failed')}
      </Text>
    );
  }
  const match: IndicatorMatch | null | undefined = state.matches.get(indicatorId);
  if (!match) return null;
  const body = (() => {
    switch (match.kind) {
      case 'new':
        return (
          <Text size="sm" c="dimmed">
            {t('reportMatches.new')}
          </Text>
        );
      case 'only':
        return (
          <Text size="sm" c="dimmed">
            {t('reportMatches.only')}
          </Text>
        );
      case 'none':
        return (
          <Text size="sm" c="dimmed">
            {t('reportMatches.none')}
          </Text>
        );
      case 'hiddenOnly':
        return <HiddenHitNotice hit={match.hiddenHit} compact />;
      case 'known': {
        // A retracted report is no longer counted: the organisations may include its own, so only reports are said.
        // The first of them: the others came later, so not "also" as if GPOS knew it before.
        const headline = match.first
          ? t('reportMatches.firstOf', { count: match.otherReports })
          : !match.counted
            ? t('reportMatches.alsoReports', { count: match.otherReports })
            : match.otherOrganisations > 0
              ? t('reportMatches.alsoOrganisations', { count: match.otherOrganisations })
              : t(owner === me.organisation.id ? 'reportMatches.alsoOwnOrganisation' : 'reportMatches.alsoSameOrganisation', { count: match.otherReports });
        const countries = match.countries.map((c) => countryName(c, i18n.language)).join(', ');
        return (
          <Stack gap={2}>
            <Group gap={6}>
              {/* A dark orange: Mantine's orange-9 falls short of 4.5:1 on the striped rows. */}
              <Text size="sm" fw={700} c="#9c3a00">
                {headline}
              </Text>
              {match.widelyShared && <WidelySharedTag />}
            </Group>
            <Text size="sm">
              {t('reportMatches.totals', { count: match.reports })}
              {countries && ` · ${t('reportMatches.victimCountries', { countries })}`}
            </Text>
            {match.hiddenHit && <HiddenHitNotice hit={match.hiddenHit} compact />}
            {/* Said in words: the value above links there too, but nothing tells a reader it is the way to the
                other organisations' reports (seen walking issue 3: "the match, and then?"). */}
            <Anchor component={Link} to={`/indicators/${indicatorId}`} size="sm" c="blue.9" data-testid="indicator-match-reports">
              {t('reportMatches.seeReports')}
            </Anchor>
          </Stack>
        );
      }
    }
  })();
  return (
    <div data-testid="indicator-match" data-match={match.kind}>
      {body}
    </div>
  );
}

/**
 * Above the identifiers: how many of them GPOS knew (on the confirmation only, `headline`), and the
 * network the report is linked into.
 */
export function ReportMatchesSummary({ report, state, headline = false }: { report: Pick<Report, 'id' | 'status' | 'createdAt'>; state: ReportMatchesState; headline?: boolean }) {
  const { t } = useTranslation();
  const me = useSession();
  const mayNetworks = canNetworks(me, 'read') && report.status === 'active';
  // Just submitted: the linker joins it to its network about a second later, so ask again meanwhile.
  const network = useReportNetwork(report.id, { enabled: mayNetworks, waitForLinking: Date.now() - Date.parse(report.createdAt) < 60_000 });
  const { known, total } = knownCount(state.matches);
  const linked = network.data && (network.data.reports > 1 || network.data.hidden.holders.length > 0) ? network.data : null;
  return (
    <Stack gap={4} data-testid="report-matches-summary">
      {headline && total > 0 && (
        <Text fw={700} data-testid="matches-headline">
          {known > 0 ? t('reportMatches.headlineKnown', { count: known }) : t('reportMatches.headlineNew')}
        </Text>
      )}
      {mayNetworks && (
        <Text size="sm" component="div" data-testid="report-network">
          {linked ? (
            <>
              {t('reportMatches.network.linked')} {t('reportMatches.network.size', { count: linked.reports })}
              {linked.hidden.holders.length > 0 && ` ${t('reportMatches.network.hidden')}`}{' '}
              {/* By its full id, linked and to copy: a fragment of it is ambiguous and cannot be searched. */}
              <NetworkId id={linked.id} link testId="report-network-link" />
            </>
          ) : network.isPending ? (
            t('reportMatches.network.linking')
          ) : network.isSuccess ? (
            t('reportMatches.network.notLinked')
          ) : null}
        </Text>
      )}
    </Stack>
  );
}
