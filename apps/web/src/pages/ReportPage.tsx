import { Alert, Box, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { LIMITS } from '@gpos/contracts';
import { useAllCommunities, useAllOrganisations } from '../api/admin-queries';
import { useReport, useRetractReport } from '../api/intel-queries';
import { useSession } from '../auth/session';
import { AppModal } from '../components/AppModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { TlpLabel } from '../components/intel';
import { PageHeader } from '../components/PageHeader';
import { ExportMenu } from '../features/interop/ExportMenu';
import { ReportIndicatorsTable } from '../features/ReportIndicatorsTable';
import { ReportMatchesSummary, useReportMatches } from '../features/ReportMatches';
import { StateLabel } from '../components/StatusBadge';
import { countryWithCode } from '../i18n/countries';
import { fieldError } from '../lib/errors';
import { formatDateTime, tailId } from '../lib/format';
import { audienceSentence } from '../lib/marking-audience';
import { formatMinor, formatUsdCents } from '../lib/money';
import { can, ownsReport, PERMISSIONS } from '../lib/permissions';
import { USER_TEXT_BLOCK } from '../components/UserText';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={700} tt="uppercase" c="gray.7">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const me = useSession();
  const report = useReport(id);
  const organisations = useAllOrganisations();
  const communities = useAllCommunities(Boolean(report.data?.marking.communityId));
  const [retracting, setRetracting] = useState(false);
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const data = report.data;
  const owner = ownsReport(me, data) && can(me, PERMISSIONS.reportsWrite);
  const matches = useReportMatches(data);
  const communityName = data?.marking.communityId ? (communities.data ?? []).find((c) => c.id === data.marking.communityId)?.name : undefined;

  const title = data ? t('reports.reportTitle', { scamType: t(`scamTypes.${data.scamType}`), date: formatDateTime(data.occurredAt, i18n.language) }) : t('reports.report');

  return (
    <>
      <PageHeader
        title={title}
        description={data ? t('reports.reportId', { id: data.id }) : undefined}
        actions={
          data && (
            <>
              <ExportMenu kind="report" id={data.id} />
              {owner && data.status === 'active' && (
                <>
                  <Button component={Link} to={`/reports/${data.id}/correct`} variant="default">
                    {t('reports.correct')}
                  </Button>
                  <Button variant="default" c="red.9" onClick={() => setRetracting(true)}>
                    {t('reports.retract')}
                  </Button>
                </>
              )}
            </>
          )
        }
      />
      <ErrorAlert error={report.error} />
      {report.isPending && <Loader aria-label={t('app.loading')} />}
      {data && (
        <Stack gap="lg" data-testid="report-detail">
          {data.retraction && (
            <Alert color="gray" variant="light" title={t('reports.retractedTitle')}>
              <Text size="sm">{t('reports.retractedBody', { date: formatDateTime(data.retraction.at, i18n.language), reason: data.retraction.reason })}</Text>
            </Alert>
          )}
          <Card withBorder radius="md">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
              <Fact label={t('common.status')}>
                <StateLabel label={t(`reportStatus.${data.status}`)} colour={data.status === 'active' ? 'green' : 'gray'} />
              </Fact>
              <Fact label={t('reports.scamType')}>{t(`scamTypes.${data.scamType}`)}</Fact>
              <Fact label={t('reports.channel')}>{t(`channels.${data.channel}`)}</Fact>
              <Fact label={t('reports.victimCountry')}>
                {countryWithCode(data.victimCountry, i18n.language)}
              </Fact>
              <Fact label={t('reports.occurredAt')}>{formatDateTime(data.occurredAt, i18n.language)}</Fact>
              <Fact label={t('reports.loss')}>
                {data.loss ? (
                  <>
                    {formatMinor(data.loss.amount, data.loss.currency, i18n.language)}
                    {data.loss.currency !== 'USD' && data.loss.usd !== null && (
                      <Text size="xs" span>
                        {' '}
                        ({t('reports.aboutUsd', { amount: formatUsdCents(data.loss.usd, i18n.language) })})
                      </Text>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label={t('reports.confidence')}>{data.confidence} / 100</Fact>
              <Fact label={t('reports.organisation')}>{orgName.get(data.organisationId) ?? tailId(data.organisationId)}</Fact>
              <Fact label={t('reports.marking')}>
                <TlpLabel tlp={data.marking.tlp} />
                {data.marking.communityId && (
                  <Text size="xs">{t('reports.community', { name: communityName ?? tailId(data.marking.communityId) })}</Text>
                )}
                {/* Only the organisation that made the report is told whom it names. */}
                {data.marking.recipients && (data.marking.recipients.organisationIds.length > 0 || data.marking.recipients.userIds.length > 0) && (
                  <Text size="xs" data-testid="report-recipients">
                    {t('reports.sharedWith', {
                      replace: {
                        names: [
                          ...data.marking.recipients.organisationIds.map((o) => orgName.get(o) ?? tailId(o)),
                          ...(data.marking.recipients.userIds.length > 0 ? [t('reports.namedPeople', { count: data.marking.recipients.userIds.length })] : []),
                        ].join(', '),
                      },
                      nest: false,
                    })}
                  </Text>
                )}
              </Fact>
              <Fact label={t('reports.audience.label')}>
                <span data-testid="report-audience">
                  {t(`reports.audience.${audienceSentence(data.marking, ownsReport(me, data))}`, {
                    replace: {
                      owner: orgName.get(data.organisationId) ?? tailId(data.organisationId),
                      community: communityName ?? (data.marking.communityId ? tailId(data.marking.communityId) : ''),
                    },
                    nest: false,
                  })}
                </span>
              </Fact>
              {/* Every reader sees the reference; to the organisation that filed it, it is theirs, as the submit form names it. */}
              <Fact label={t(ownsReport(me, data) ? 'reports.externalRef' : 'reports.reporterRef')}>{data.externalRef ?? '—'}</Fact>
              <Fact label={t('reports.version')}>{data.version}</Fact>
              <Fact label={t('reports.updated')}>{formatDateTime(data.updatedAt, i18n.language)}</Fact>
            </SimpleGrid>
          </Card>

          <section>
            <Title order={2} size="h4" id="report-narrative" mb="xs">
              {t('reports.narrative')}
            </Title>
            {data.narrative ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lang={data.language ?? undefined} {...USER_TEXT_BLOCK}>
                {data.narrative}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('reports.noNarrative')}
              </Text>
            )}
          </section>

          <section>
            <Title order={2} size="h4" id="report-indicators" mb="xs">
              {data.retraction ? t('reports.indicatorsRetracted') : t('reports.indicators')}
            </Title>
            <Box mb="xs">
              <ReportMatchesSummary report={data} state={matches} />
            </Box>
            <ReportIndicatorsTable report={data} matches={matches} labelledBy="report-indicators" rowTestId="report-indicator" striped />
          </section>
        </Stack>
      )}
      {retracting && data && <RetractDialog id={data.id} onClose={() => setRetracting(false)} />}
    </>
  );
}

function RetractDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const retract = useRetractReport();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    setTooShort(trimmed.length < 3);
    if (trimmed.length < 3) return;
    retract.mutate(
      { id, reason: trimmed },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('reports.retracted') });
          onClose();
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={t('reports.retractTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('reports.retractExplain')}</Text>
          <ErrorAlert error={retract.error} inlineFields={['reason']} />
          <Textarea
            label={t('reports.retractReason')}
            required
            autosize
            minRows={3}
            maxLength={LIMITS.description}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={tooShort ? t('validation.reasonMin') : fieldError(retract.error, 'reason')}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={retract.isPending}>
              {t('reports.retract')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
