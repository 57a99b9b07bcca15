import { Alert, Button, Code, SimpleGrid, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { Fragment, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isConsoleRequestId, LIMITS, type AuditEvent } from '@gpos/contracts';
import { useAllOrganisations, useAllUsers, useAuditEvents, useVerifyAudit, type AuditFilters } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { FilterSelect } from '../components/FilterSelect';
import { ListTable } from '../components/ListTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { FilterActions, FilterPanel } from '../components/FilterPanel';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime, localInputToIso, shortId } from '../lib/format';
import { can, canAcrossOrganisations, PERMISSIONS } from '../lib/permissions';
import { DateField } from '../components/DateField';
import { auditSummaryText } from '../lib/audit-summary';
import { isolateBidi } from '../lib/bidi';
import { UserText } from '../components/UserText';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FormState {
  action: string;
  actorUserId: string;
  organisationId: string | null;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

const EMPTY: FormState = { action: '', actorUserId: '', organisationId: null, targetType: '', targetId: '', from: '', to: '' };

function toFilters(form: FormState): AuditFilters {
  return {
    action: form.action.trim() || undefined,
    actorUserId: form.actorUserId.trim() || undefined,
    organisationId: form.organisationId ?? undefined,
    targetType: form.targetType.trim() || undefined,
    targetId: form.targetId.trim() || undefined,
    from: localInputToIso(form.from),
    to: localInputToIso(form.to),
  };
}

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const platformAdmin = canAcrossOrganisations(me, PERMISSIONS.auditVerify);
  const [form, setForm] = useState<FormState>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [actorError, setActorError] = useState<string | undefined>();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const verify = useVerifyAudit();

  const organisations = useAllOrganisations();
  const users = useAllUsers(can(me, PERMISSIONS.usersManage));
  const orgName = useMemo(() => new Map((organisations.data ?? []).map((o) => [o.id, o.name])), [organisations.data]);
  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, `${isolateBidi(u.displayName)} <${u.email}>`])), [users.data]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );
  const userOptions = useMemo(
    () => (users.data ?? []).map((u) => ({ value: u.id, label: `${isolateBidi(u.displayName)} <${u.email}>` })),
    [users.data],
  );

  const list = useAuditEvents(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (form.actorUserId.trim() && !UUID.test(form.actorUserId.trim())) {
      setActorError(t('validation.uuid'));
      return;
    }
    setActorError(undefined);
    setExpanded(new Set());
    setFilters(toFilters(form));
  };

  const reset = () => {
    setForm(EMPTY);
    setActorError(undefined);
    setFilters({});
  };

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const actor = (event: AuditEvent) => {
    if (event.actorUserId) return userName.get(event.actorUserId) ?? t('audit.userActor', { id: shortId(event.actorUserId) });
    if (event.actorApiKeyId) return t('audit.apiKeyActor', { id: shortId(event.actorApiKeyId) });
    // Another organisation acting on this one's people, keys or entry is the secretariat (only its platform
    // admins act across organisations); the server names the organisation, never which of its people.
    if (event.actorOrganisationId && event.actorOrganisationId !== me.organisation.id) return t('audit.bySecretariat');
    // The console's own events (`gpos`, run at the server) carry its request id.
    if (isConsoleRequestId(event.requestId)) return t('audit.consoleActor');
    return t('audit.systemActor');
  };
  const organisation = (id: string | null) => (id ? <UserText>{orgName.get(id) ?? shortId(id)}</UserText> : '—');

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          platformAdmin && (
            <Button variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
              {t('audit.verify')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <div aria-live="polite">
          {verify.data && (
            <Alert
              color={verify.data.ok ? 'green' : 'red'}
              variant="light"
              title={verify.data.ok ? t('audit.verifyOk') : t('audit.verifyBroken')}
              data-testid="audit-verify-result"
            >
              <Text size="sm">
                {verify.data.ok
                  ? t('audit.verifyOkDetail', { checked: verify.data.checked })
                  : t('audit.verifyBrokenDetail', {
                      checked: verify.data.checked,
                      seq: verify.data.brokenAt ?? '?',
                      reason: verify.data.reason ?? '',
                    })}
              </Text>
            </Alert>
          )}
          <ErrorAlert error={verify.error} />
        </div>

        <FilterPanel activeCount={Object.values(filters).filter((value) => value !== undefined && value !== '').length}>
          <form role="search" aria-label={t('audit.filters')} onSubmit={apply}>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
              <TextInput
                label={t('audit.action')}
                placeholder={t('audit.actionPlaceholder')}
                maxLength={LIMITS.shortText}
                value={form.action}
                onChange={(e) => set('action', e.currentTarget.value)}
              />
              {userOptions.length > 0 ? (
                <FilterSelect
                  label={t('audit.actor')}
                  data={userOptions}
                  value={form.actorUserId || null}
                  onChange={(v) => set('actorUserId', v ?? '')}
                  searchable
                  error={actorError}
                />
              ) : (
                <TextInput
                  label={t('audit.actorId')}
                  value={form.actorUserId}
                  maxLength={36}
                  onChange={(e) => set('actorUserId', e.currentTarget.value)}
                  error={actorError}
                />
              )}
              <FilterSelect
                label={t('audit.organisation')}
                data={orgOptions}
                value={form.organisationId}
                onChange={(v) => set('organisationId', v)}
                searchable
              />
              <TextInput
                label={t('audit.targetType')}
                placeholder={t('audit.targetTypePlaceholder')}
                maxLength={LIMITS.shortText}
                value={form.targetType}
                onChange={(e) => set('targetType', e.currentTarget.value)}
              />
              <TextInput
                label={t('audit.targetId')}
                maxLength={LIMITS.shortText}
                value={form.targetId}
                onChange={(e) => set('targetId', e.currentTarget.value)}
              />
              <DateField kind="datetime-local" label={t('audit.from')} value={form.from} onChange={(value) => set('from', value)} />
              <DateField kind="datetime-local" label={t('audit.to')} value={form.to} onChange={(value) => set('to', value)} />
              <FilterActions onReset={reset} />
            </SimpleGrid>
          </form>
        </FilterPanel>

        <ErrorAlert error={list.error} />

        {/* Seven columns fit a 1280-pixel screen beside the menu (at 1,080 pixels wide they ran 92 over): the
            long values (actor emails, targets, request ids) break anywhere, and the cells are narrowly padded. */}
        <ListTable
          label={t('audit.tableLabel')}
          minWidth={960}
          horizontalSpacing={6}
          query={list}
          rows={rows.length}
          striped={false}
          highlightOnHover={false}
          verticalSpacing="xs"
          data-testid="audit-table"
          columns={[t('audit.time'), t('audit.actor'), t('audit.organisation'), t('audit.subject'), t('audit.action'), t('audit.target'), t('audit.requestId')]}
        >
          {rows.map((event) => {
            const open = expanded.has(event.id);
            const detailsId = `audit-details-${event.id}`;
            return (
              <Fragment key={event.id}>
                <Table.Tr data-testid="audit-row" data-action={event.action}>
                  <Table.Td>
                    <UnstyledButton
                      onClick={() => toggle(event.id)}
                      aria-expanded={open}
                      aria-controls={detailsId}
                      fz="sm"
                      td="underline"
                      c="blue.9"
                      title={t(open ? 'audit.hideDetails' : 'audit.showDetails')}
                    >
                      <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
                      {formatDateTime(event.at, i18n.language)}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td className="break-all">{actor(event)}</Table.Td>
                  <Table.Td>{organisation(event.actorOrganisationId)}</Table.Td>
                  <Table.Td data-testid="audit-subject">{organisation(event.subjectOrganisationId)}</Table.Td>
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td className="break-all">
                    {event.targetType ? `${event.targetType}${event.targetId ? ` ${shortId(event.targetId)}` : ''}` : '—'}
                  </Table.Td>
                  <Table.Td className="break-all">
                    <Text size="xs" ff="monospace">
                      {event.requestId ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr id={detailsId}>
                    <Table.Td colSpan={7} bg="gray.0">
                      <Stack gap="xs">
                        <Text size="sm">
                          {/* The chain's sequence number is the secretariat's alone (null for an organisation's admins). */}
                          {event.seq !== null && (
                            <>
                              <strong>{t('audit.sequence')}:</strong> {event.seq} ·{' '}
                            </>
                          )}
                          <strong>{t('audit.eventId')}:</strong>{' '}
                          <span className="break-all">{event.id}</span>
                        </Text>
                        {event.targetId && (
                          <Text size="sm" className="break-all">
                            <strong>{t('audit.targetId')}:</strong> {event.targetId}
                          </Text>
                        )}
                        <Text size="sm" fw={700}>
                          {t('audit.summary')}
                        </Text>
                        <Code block data-testid="audit-summary">
                          {auditSummaryText(event.summary)}
                        </Code>
                        <Text size="sm" className="break-all">
                          <strong>{t('audit.hash')}:</strong>{' '}
                          <Text span ff="monospace" size="xs">
                            {event.hash}
                          </Text>
                        </Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </ListTable>
        <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      </Stack>
    </>
  );
}
