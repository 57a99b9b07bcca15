import { Alert, Anchor, Button, Code, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Report } from '../api/intel-types';
import { ANSWER_PERMISSION, useAskedForReport } from '../api/access-requests-queries';
import { useAllOrganisations } from '../api/admin-queries';
import { useCorrectReport, useCreateReport, useReport } from '../api/intel-queries';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { ReportForm } from '../features/ReportForm';
import { ReportIndicatorsTable } from '../features/ReportIndicatorsTable';
import { ReportMatchesSummary, useReportMatches } from '../features/ReportMatches';
import { defaultCurrencyFor } from '../lib/money';
import { ownsReport } from '../lib/permissions';
import { clearDraft, isWorthKeeping, loadDraft, saveDraft } from '../lib/report-draft';
import { emptyReportForm, reportToForm, shareWithParam, withShareRecipient, type ReportFormState } from '../lib/report-form';

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/** Submit a report (`/reports/new`). */
export function ReportSubmitPage() {
  const { t } = useTranslation();
  const me = useSession();
  const userId = me.user?.id ?? me.organisation.id;
  const create = useCreateReport();
  const [submitted, setSubmitted] = useState<Report | null>(null);
  // A report started before the session ended (or the page was reloaded) comes back as it was left.
  const [restored, setRestored] = useState(() => loadDraft(userId));
  // One key per filled-in form: a double click or a retry after a timeout cannot create two reports.
  const [idempotencyKey, setIdempotencyKey] = useState(() => restored?.idempotencyKey ?? newKey());
  const [formKey, setFormKey] = useState(0);
  const empty = useMemo(() => emptyReportForm({ victimCountry: me.organisation.country, currency: defaultCurrencyFor(me.organisation.country) }), [me.organisation.country]);
  const initial = useMemo(() => (formKey === 0 && restored ? restored.form : empty), [empty, restored, formKey]);
  const keepDraft = useCallback(
    (form: ReportFormState) => (isWorthKeeping(form, empty) ? saveDraft(userId, { form, idempotencyKey }) : clearDraft(userId)),
    [userId, idempotencyKey, empty],
  );

  const startAgain = () => {
    clearDraft(userId);
    setRestored(null);
    create.reset();
    setSubmitted(null);
    setIdempotencyKey(newKey());
    setFormKey((k) => k + 1);
  };

  return (
    <>
      <PageHeader title={t('reportForm.title')} description={t('reportForm.description')} />
      {submitted ? (
        <ReportSubmitted report={submitted} onAnother={startAgain} />
      ) : (
        <Stack gap="md">
          {restored && formKey === 0 && (
            <Alert color="blue" variant="light" data-testid="draft-restored">
              <Group justify="space-between" gap="sm">
                <Text size="sm">{t('reportForm.draftRestored')}</Text>
                <Button size="xs" variant="default" onClick={startAgain} data-testid="draft-discard">
                  {t('reportForm.draftDiscard')}
                </Button>
              </Group>
            </Alert>
          )}
          <ReportForm
            key={formKey}
            initial={initial}
            submitLabel={t('reportForm.submit')}
            pending={create.isPending}
            error={create.error}
            onEdit={() => create.reset()}
            onFormChange={keepDraft}
            onSubmit={(input) =>
              create.mutate(
                { ...input, idempotencyKey },
                {
                  onSuccess: (report) => {
                    clearDraft(userId);
                    setRestored(null);
                    setSubmitted(report);
                    window.scrollTo({ top: 0 });
                  },
                },
              )
            }
          />
        </Stack>
      )}
    </>
  );
}

function ReportSubmitted({ report, onAnother }: { report: Report; onAnother: () => void }) {
  const { t } = useTranslation();
  const matches = useReportMatches(report, true);
  return (
    <Stack gap="md" data-testid="report-submitted">
      <Alert color="green" variant="light" title={t('reportForm.submittedTitle')} role="status">
        <Text size="sm">
          {t('reportForm.submittedBody')}{' '}
          <Anchor component={Link} to={`/reports/${report.id}`} data-testid="submitted-report-link">
            <Code>{report.id}</Code>
          </Anchor>
        </Text>
      </Alert>
      <ReportMatchesSummary report={report} state={matches} headline />
      <ReportIndicatorsTable report={report} matches={matches} rowTestId="submitted-indicator" />
      <Group>
        <Button component={Link} to={`/reports/${report.id}`}>
          {t('reportForm.openReport')}
        </Button>
        <Button variant="default" onClick={onAnother}>
          {t('reportForm.another')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Correct a report (`/reports/:id/correct`): the same form, prefilled; only the owner organisation may.
 * `?shareWith={organisationId}` (the link an access request gives its holder) adds that organisation to the
 * recipient organisations, and the form says what saving does for it — but only once the organisation is
 * confirmed to have asked for this report. Anyone can send a link: one naming an organisation that did not
 * ask (or that the reader cannot check) adds nothing and says so.
 */
export function ReportCorrectPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const shareWith = shareWithParam(params);
  const navigate = useNavigate();
  const report = useReport(id);
  const correct = useCorrectReport();
  const organisations = useAllOrganisations(shareWith !== null);
  const me = useSession();
  // Said before any editing: the server refuses another organisation's correction only at Save.
  const notOwner = report.data !== undefined && !ownsReport(me, report.data);
  // The link is only a URL: the organisation is added only if it did ask for this report.
  const mayReadRequests = me.permissions.includes(ANSWER_PERMISSION);
  const asked = useAskedForReport(id, shareWith, mayReadRequests);
  const checking = shareWith !== null && mayReadRequests && asked.isPending;
  const sharedWith = shareWith !== null && asked.data === true ? shareWith : null;
  // Said once the organisations are read (no flash of "the organisation that asked" before its name).
  const namedOrganisation = shareWith ? organisations.data?.find((o) => o.id === shareWith)?.name : undefined;
  const shareWithName = shareWith && !organisations.isPending ? (namedOrganisation ?? t('reportForm.shareWith.unknownOrganisation')) : null;
  const initial = useMemo(() => (report.data ? (sharedWith ? withShareRecipient(reportToForm(report.data), sharedWith) : reportToForm(report.data)) : null), [report.data, sharedWith]);

  return (
    <>
      <PageHeader title={t('reportForm.correctTitle')} description={t('reportForm.correctDescription')} />
      <ErrorAlert error={report.error ?? asked.error} />
      {(report.isPending || (checking && !notOwner)) && <Loader aria-label={t('app.loading')} />}
      {notOwner && (
        <Alert color="yellow" variant="light" title={t('reportForm.notOwnerTitle')} data-testid="correct-not-owner">
          <Text size="sm">{t('reportForm.notOwner')}</Text>
          <Button component={Link} to={`/reports/${id ?? ''}`} variant="default" size="xs" mt="xs">
            {t('reportForm.openReport')}
          </Button>
        </Alert>
      )}
      {initial && report.data && !checking && !notOwner && (
        <Stack gap="md">
          {shareWithName && !sharedWith && (
            <Alert color="yellow" variant="light" data-testid="share-with-unconfirmed">
              <Text size="sm">
                {namedOrganisation === undefined
                  ? t('reportForm.shareWith.unknownLink')
                  : t(mayReadRequests ? 'reportForm.shareWith.notAsked' : 'reportForm.shareWith.cannotCheck', { replace: { organisation: namedOrganisation }, nest: false })}
              </Text>
            </Alert>
          )}
          {shareWithName && sharedWith && (
            <Alert color="blue" variant="light" data-testid="share-with-intro">
              <Text size="sm">
                {t('reportForm.shareWith.intro', { organisation: shareWithName })}{' '}
                <Anchor href="#report-sharing" fz="sm" c="blue.9" data-testid="share-with-go">
                  {t('reportForm.shareWith.goToSharing')}
                </Anchor>
              </Text>
            </Alert>
          )}
          <ReportForm
            initial={initial}
            shareWith={sharedWith}
            submitLabel={t('reportForm.saveCorrection')}
            pending={correct.isPending}
            error={correct.error}
            onEdit={() => correct.reset()}
            onCancel={() => navigate(`/reports/${id ?? ''}`)}
            onSubmit={(input) =>
              correct.mutate(
                { id: id ?? '', input },
                {
                  onSuccess: (saved) => {
                    notifications.show({ color: 'green', message: t('reportForm.corrected') });
                    navigate(`/reports/${saved.id}`);
                  },
                },
              )
            }
          />
        </Stack>
      )}
    </>
  );
}
