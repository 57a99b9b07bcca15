import { Anchor, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LIMITS, type IndicatorType } from '@gpos/contracts';
import type { LookupResult } from '../api/intel-types';
import { useAccessRequests, useLookupBatch, useLookupOne } from '../api/queries';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { AccessRequestStatusLabel, BenignTag, CountryCodes, HiddenHitNotice, HoldersSummary, IndicatorStatusLabel, WidelySharedTag } from '../components/intel';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StateLabel } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { TableState } from '../components/TableState';
import { formatDate, formatDateTime } from '../lib/format';
import { indicatorTypeOptions, isIndicatorType } from '../lib/intel-options';
import { formatUsdCents } from '../lib/money';
import { isLookupMemory, lookupLines, outcomeOf, serialiseLookupMemory } from '../lib/lookup';
import { normaliseErrorMessage, normalisePreviewError } from '../lib/normalise-error';
import { PAGE_MEMORY_MAX_CHARS, readPageMemory, writePageMemory } from '../lib/page-memory';

const AUTO = 'auto';
const MEMORY_KEY = 'lookup';

function Outcome({ result }: { result: LookupResult }) {
  const { t } = useTranslation();
  const outcome = outcomeOf(result);
  if (outcome === 'invalid') return <StateLabel label={t('lookup.outcome.invalid')} colour="gray" testId="lookup-outcome" />;
  // A known-benign identifier (on a warninglist) is found but no alarm.
  if (outcome === 'found') return <StateLabel label={t('lookup.outcome.found')} colour={result.indicator?.benign ? 'gray' : 'red'} testId="lookup-outcome" />;
  if (outcome === 'hidden') return <StateLabel label={t('lookup.outcome.hitOnly')} colour="orange" testId="lookup-outcome" />;
  return <StateLabel label={t('lookup.outcome.notFound')} colour="green" testId="lookup-outcome" />;
}

export function LookupPage() {
  const { t } = useTranslation();
  const one = useLookupOne();
  const batch = useLookupBatch();
  const me = useSession();
  // Forms and results survive navigating away and back within this tab (sessionStorage, per user).
  const memoryOwner = me.user?.id ?? me.apiKey?.id ?? 'anonymous';
  const [remembered] = useState(() => readPageMemory(MEMORY_KEY, memoryOwner, isLookupMemory));
  const [value, setValue] = useState(remembered?.value ?? '');
  const [oneType, setOneType] = useState<string>(remembered?.oneType ?? AUTO);
  const [text, setText] = useState(remembered?.text ?? '');
  const [batchType, setBatchType] = useState<string>(remembered?.batchType ?? AUTO);
  const [oneError, setOneError] = useState<string | undefined>();
  const [batchError, setBatchError] = useState<string | undefined>();
  const lines = lookupLines(text);
  const types = [{ value: AUTO, label: t('reportForm.autoDetect') }, ...indicatorTypeOptions(t)];

  const searchOne = (event: FormEvent) => {
    event.preventDefault();
    const v = value.trim();
    setOneError(v ? undefined : t('validation.required'));
    if (!v) return;
    one.mutate({ value: v, ...(isIndicatorType(oneType) ? { type: oneType } : {}) });
  };

  const searchMany = (event: FormEvent) => {
    event.preventDefault();
    if (lines.length === 0) return setBatchError(t('validation.required'));
    if (lines.length > LIMITS.lookupBatch) return setBatchError(t('lookup.tooMany', { max: LIMITS.lookupBatch }));
    const tooLong = lines.findIndex((l) => l.length > LIMITS.indicatorValue);
    if (tooLong >= 0) return setBatchError(t('lookup.lineTooLong', { line: tooLong + 1 }));
    setBatchError(undefined);
    const type: IndicatorType | undefined = isIndicatorType(batchType) ? batchType : undefined;
    batch.mutate(lines.map((l) => ({ value: l, ...(type ? { type } : {}) })));
  };

  // A new lookup's results replace the remembered ones; until then, the remembered ones are shown.
  const oneResult = one.data ?? (one.isIdle ? remembered?.one : null) ?? null;
  const batchResults = batch.data?.results ?? (batch.isIdle ? remembered?.batch : null) ?? null;

  useEffect(() => {
    const timer = window.setTimeout(
      () =>
        writePageMemory(
          MEMORY_KEY,
          memoryOwner,
          serialiseLookupMemory({ value, oneType, text, batchType, one: oneResult, batch: batchResults }, PAGE_MEMORY_MAX_CHARS),
        ),
      300,
    );
    return () => window.clearTimeout(timer);
  }, [memoryOwner, value, oneType, text, batchType, oneResult, batchResults]);

  const results = batchResults ?? [];
  const outcomes = results.map(outcomeOf);
  const counts = {
    found: outcomes.filter((o) => o === 'found').length,
    hidden: outcomes.filter((o) => o === 'hidden').length,
    notFound: outcomes.filter((o) => o === 'notFound').length,
    invalid: outcomes.filter((o) => o === 'invalid').length,
  };

  return (
    <>
      <PageHeader title={t('lookup.title')} description={t('lookup.description')} />
      <Stack gap="xl">
        <section>
          <Title order={2} size="h4" id="lookup-one" mb="xs">
            {t('lookup.quick')}
          </Title>
          <form role="search" aria-labelledby="lookup-one" onSubmit={searchOne}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('lookup.value')}
                placeholder={t('lookup.valuePlaceholder')}
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                maxLength={LIMITS.indicatorValue}
                error={oneError}
                autoComplete="off"
                spellCheck={false}
                style={{ flex: '1 1 280px' }}
                data-testid="lookup-value"
              />
              <Select label={t('reportForm.type')} data={types} value={oneType} onChange={(v) => setOneType(v ?? AUTO)} allowDeselect={false} w={220} />
              <Button type="submit" mt={{ base: 0, xs: 25 }} loading={one.isPending} data-testid="lookup-one-submit">
                {t('common.search')}
              </Button>
            </Group>
          </form>
          <div aria-live="polite">
            <ErrorAlert error={one.error} />
            {oneResult && <QuickResult result={oneResult} />}
          </div>
        </section>

        <section>
          <Title order={2} size="h4" id="lookup-many" mb="xs">
            {t('lookup.many')}
          </Title>
          <form onSubmit={searchMany} aria-labelledby="lookup-many">
            <Stack gap="sm">
              <Textarea
                label={t('lookup.paste')}
                description={t('lookup.pasteHint', { count: lines.length, max: LIMITS.lookupBatch })}
                autosize
                minRows={5}
                maxRows={16}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                error={batchError}
                spellCheck={false}
                styles={{ input: { fontFamily: 'monospace' } }}
                data-testid="lookup-batch"
              />
              <Group align="flex-end" gap="sm">
                <Select label={t('lookup.typeForAll')} data={types} value={batchType} onChange={(v) => setBatchType(v ?? AUTO)} allowDeselect={false} w={240} />
                <Button type="submit" loading={batch.isPending} data-testid="lookup-batch-submit">
                  {t('lookup.lookUp', { count: lines.length })}
                </Button>
              </Group>
            </Stack>
          </form>
        </section>

        <ErrorAlert error={batch.error} />
        {batchResults && (
          <section>
            <Title order={2} size="h4" id="lookup-results" mb="xs">
              {t('lookup.results')}
            </Title>
            <Text size="sm" mb="sm" role="status" data-testid="lookup-summary">
              {t('lookup.summary', { total: results.length, found: counts.found, hidden: counts.hidden, notFound: counts.notFound, invalid: counts.invalid })}
            </Text>
            <ResultsTable results={results} />
          </section>
        )}

        <MyAccessRequests />
      </Stack>
    </>
  );
}

function QuickResult({ result }: { result: LookupResult }) {
  const { t, i18n } = useTranslation();
  const ind = result.indicator;
  return (
    <Card withBorder radius="md" mt="md" data-testid="lookup-quick-result">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Outcome result={result} />
          {result.canonical && <Code className="break-all">{result.canonical}</Code>}
          {result.type && <Text size="sm">{t(`indicatorTypes.${result.type}`)}</Text>}
        </Group>
        {result.error && (
          <Text size="sm" c="red.9">
            {normalisePreviewError(i18n, result.error)}
          </Text>
        )}
        {ind && (
          <>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={700}>
                  {t('common.status')}:
                </Text>
                <IndicatorStatusLabel status={ind.status} benign={ind.benign} />
                {ind.benign && <BenignTag testId="lookup-benign" />}
                {ind.widelyShared && <WidelySharedTag testId="lookup-widely-shared" />}
              </Group>
              <Text size="sm">
                <strong>{t('lookup.score')}:</strong> {ind.score}
              </Text>
              <Text size="sm">
                <strong>{t('lookup.reports')}:</strong> {ind.reports}
              </Text>
              <Text size="sm">
                <strong>{t('lookup.organisations')}:</strong> {ind.organisations}
              </Text>
              <Text size="sm">
                <strong>{t('lookup.loss')}:</strong> {formatUsdCents(ind.lossUsd, i18n.language)}
              </Text>
              <Text size="sm">
                <strong>{t('lookup.firstSeen')}:</strong> {formatDate(ind.firstSeen, i18n.language) || '—'}
              </Text>
              <Text size="sm">
                <strong>{t('lookup.lastSeen')}:</strong> {formatDate(ind.lastSeen, i18n.language) || '—'}
              </Text>
              <Group gap={4} align="center">
                <Text size="sm" fw={700}>
                  {t('lookup.countries')}:
                </Text>
                <CountryCodes codes={ind.countries} />
              </Group>
            </SimpleGrid>
            {ind.benign && (
              <Text size="sm" data-testid="lookup-benign-hint">
                {t('reportForm.benignHint')}
              </Text>
            )}
            {ind.widelyShared && (
              <Text size="sm" data-testid="lookup-widely-shared-hint">
                {t('lookup.widelySharedHint')}
              </Text>
            )}
            <div>
              <Anchor component={Link} to={`/indicators/${ind.id}`} size="sm">
                {t('lookup.openIndicator')}
              </Anchor>
            </div>
          </>
        )}
        {!ind && result.hiddenHit && <HiddenHitNotice key={result.hiddenHit.accessRequest.href} hit={result.hiddenHit} compact />}
      </Stack>
    </Card>
  );
}

function ResultsTable({ results }: { results: LookupResult[] }) {
  const { t, i18n } = useTranslation();
  return (
    <TableScroll label={t('lookup.results')} minWidth={1040}>
      <Table verticalSpacing="xs" striped aria-label={t('lookup.results')} data-testid="lookup-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">{t('lookup.input')}</Table.Th>
            <Table.Th scope="col">{t('lookup.canonicalAndType')}</Table.Th>
            <Table.Th scope="col">{t('lookup.result')}</Table.Th>
            <Table.Th scope="col">{t('common.status')}</Table.Th>
            <Table.Th scope="col">{t('lookup.score')}</Table.Th>
            <Table.Th scope="col">{t('lookup.reports')}</Table.Th>
            <Table.Th scope="col">{t('lookup.organisations')}</Table.Th>
            <Table.Th scope="col">{t('lookup.countries')}</Table.Th>
            <Table.Th scope="col">{t('lookup.loss')}</Table.Th>
            <Table.Th scope="col">{t('lookup.seen')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((r, i) => {
            const ind = r.indicator;
            return (
              <Table.Tr key={`${i}-${r.input}`} data-testid="lookup-row" data-found={{ found: 'true', hidden: 'hidden', notFound: 'false', invalid: 'invalid' }[outcomeOf(r)]}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td className="break-all" miw={132} maw={240}>
                  <Text size="sm" ff="monospace">
                    {r.input}
                  </Text>
                </Table.Td>
                <Table.Td className="break-all" miw={132} maw={240}>
                  {ind ? (
                    <Anchor component={Link} to={`/indicators/${ind.id}`} ff="monospace" fz="sm">
                      {r.canonical ?? ind.value}
                    </Anchor>
                  ) : r.canonical ? (
                    <Text size="sm" ff="monospace">
                      {r.canonical}
                    </Text>
                  ) : (
                    '—'
                  )}
                  {r.type && (
                    <Text size="xs" c="dimmed">
                      {t(`indicatorTypes.${r.type}`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td miw={140} maw={260}>
                  <Outcome result={r} />
                  {r.error && (
                    <Text size="xs" c="red.9">
                      {normaliseErrorMessage(i18n, r.error)}
                    </Text>
                  )}
                  {!ind && r.hiddenHit && <HiddenHitNotice hit={r.hiddenHit} compact />}
                </Table.Td>
                <Table.Td>
                  {ind ? (
                    <Stack gap={4} align="flex-start">
                      <IndicatorStatusLabel status={ind.status} benign={ind.benign} />
                      {ind.benign && <BenignTag testId="lookup-benign" />}
                      {ind.widelyShared && <WidelySharedTag testId="lookup-widely-shared" />}
                    </Stack>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{ind ? ind.score : '—'}</Table.Td>
                <Table.Td>{ind ? ind.reports : '—'}</Table.Td>
                <Table.Td>{ind ? ind.organisations : '—'}</Table.Td>
                <Table.Td>{ind ? <CountryCodes codes={ind.countries} /> : '—'}</Table.Td>
                <Table.Td className="nowrap">{ind ? formatUsdCents(ind.lossUsd, i18n.language) : '—'}</Table.Td>
                <Table.Td className="nowrap">
                  {ind && ind.firstSeen ? (
                    <>
                      {formatDate(ind.firstSeen, i18n.language)}
                      <br />– {formatDate(ind.lastSeen, i18n.language)}
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** The access requests the caller's organisation has made, newest as the server orders them. */
function MyAccessRequests() {
  const { t, i18n } = useTranslation();
  const list = useAccessRequests();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <Title order={2} size="h4" id="my-access-requests" mb={4}>
        {t('intel.accessRequest.mine')}
      </Title>
      <Text size="sm" mb="xs">
        {t('intel.accessRequest.mineDescription')}
      </Text>
      <ErrorAlert error={list.error} />
      <TableScroll label={t('intel.accessRequest.mine')} minWidth={720}>
        <Table verticalSpacing="xs" striped aria-labelledby="my-access-requests" data-testid="access-requests-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('intel.accessRequest.when')}</Table.Th>
              <Table.Th scope="col">{t('intel.accessRequest.holders')}</Table.Th>
              <Table.Th scope="col">{t('intel.accessRequest.reasonColumn')}</Table.Th>
              <Table.Th scope="col">{t('common.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState columns={4} loading={list.isPending} empty={!list.isPending && rows.length === 0} />
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid="access-request-row">
                <Table.Td className="nowrap">{formatDateTime(r.createdAt, i18n.language)}</Table.Td>
                <Table.Td miw={180}>
                  <HoldersSummary holders={r.holders} />
                </Table.Td>
                <Table.Td miw={240} maw={480} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {r.reason}
                </Table.Td>
                <Table.Td>
                  <AccessRequestStatusLabel status={r.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
    </section>
  );
}
