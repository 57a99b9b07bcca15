import { Anchor, Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LIMITS, type IndicatorType } from '@gpos/contracts';
import type { LookupResult } from '../api/intel-types';
import { useOutgoingAccessRequests } from '../api/access-requests-queries';
import { useLookupBatch, useLookupOne } from '../api/intel-queries';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { AccessRequestStatusLabel, BenignTag, CountryCodes, HiddenHitNotice, HoldersSummary, IndicatorStatusLabel, IndicatorValue, WidelySharedTag } from '../components/intel';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { StateLabel } from '../components/StatusBadge';
import { TableScroll } from '../components/TableScroll';
import { TableState } from '../components/TableState';
import { BankCodeField, CountryHintField } from '../features/HintFields';
import { BatchResults } from '../features/lookup/BatchResults';
import { formatDate, formatDateTime } from '../lib/format';
import { extraFieldsFor, indicatorTypeOptions, isIndicatorType } from '../lib/intel-options';
import { AccessRequestTarget } from '../features/lookup/AccessRequestTarget';
import { RelatedHits } from '../features/lookup/RelatedHits';
import { formatLossUsd } from '../lib/money';
import { isLookupMemory, lookupLines, outcomeOf, serialiseLookupMemory, type LookupMemory } from '../lib/lookup';
import { batchRows, countsFor, distinctLines, linesOverLimit, OUTCOME_COLOURS, type DistinctLines } from '../lib/lookup-batch';
import { normalisePreviewError } from '../lib/normalise-error';
import { PAGE_MEMORY_MAX_CHARS, readPageMemory, writePageMemory } from '../lib/page-memory';
import { USER_TEXT_BLOCK } from '../components/UserText';

const AUTO = 'auto';
const MEMORY_KEY = 'lookup';

function Outcome({ result }: { result: LookupResult }) {
  const { t } = useTranslation();
  const outcome = outcomeOf(result);
  if (outcome === 'invalid') return <StateLabel label={t('lookup.outcome.invalid')} colour={OUTCOME_COLOURS.invalid} testId="lookup-outcome" />;
  // A known-benign identifier (on a warninglist, or a private or reserved address) is found but no alarm.
  if (outcome === 'found') return <StateLabel label={t('lookup.outcome.found')} colour={result.indicator?.benign ? 'gray' : OUTCOME_COLOURS.found} testId="lookup-outcome" />;
  if (outcome === 'hidden') return <StateLabel label={t('lookup.outcome.hitOnly')} colour={OUTCOME_COLOURS.hidden} testId="lookup-outcome" />;
  return <StateLabel label={t('lookup.outcome.notFound')} colour={OUTCOME_COLOURS.notFound} testId="lookup-outcome" />;
}

type MemoryPatch = Partial<LookupMemory>;

/**
 * The quick search and the batch lookup are separate components with their own state, so that typing in
 * one renders neither the other nor the batch results (a thousand rows). What the page remembers across
 * navigation (sessionStorage, per user) is collected here without rendering anything.
 */
export function LookupPage() {
  const { t } = useTranslation();
  const me = useSession();
  const memoryOwner = me.user?.id ?? me.apiKey?.id ?? 'anonymous';
  const [remembered] = useState(() => readPageMemory(MEMORY_KEY, memoryOwner, isLookupMemory));
  const remember = usePageMemory(memoryOwner, remembered);
  return (
    <>
      <PageHeader title={t('lookup.title')} description={t('lookup.description')} />
      <Stack gap="xl">
        <QuickLookup remembered={remembered} remember={remember} />
        <BatchLookup remembered={remembered} remember={remember} />
        <MyAccessRequests />
      </Stack>
    </>
  );
}

/** Collects the forms' state and writes it 300 ms after the last change (and when leaving the page). */
function usePageMemory(owner: string, remembered: LookupMemory | null): (patch: MemoryPatch) => void {
  const memory = useRef<LookupMemory>({
    value: remembered?.value ?? '',
    oneType: remembered?.oneType ?? AUTO,
    oneCountry: remembered?.oneCountry ?? '',
    oneBankCode: remembered?.oneBankCode ?? '',
    text: remembered?.text ?? '',
    batchType: remembered?.batchType ?? AUTO,
    batchCountry: remembered?.batchCountry ?? '',
    one: remembered?.one ?? null,
    batch: remembered?.batch ?? null,
  });
  const timer = useRef<number | undefined>(undefined);
  const write = useCallback(() => {
    timer.current = undefined;
    writePageMemory(MEMORY_KEY, owner, serialiseLookupMemory(memory.current, PAGE_MEMORY_MAX_CHARS));
  }, [owner]);
  useEffect(
    () => () => {
      if (timer.current !== undefined) {
        window.clearTimeout(timer.current);
        write();
      }
    },
    [write],
  );
  return useCallback(
    (patch: MemoryPatch) => {
      const current = memory.current;
      if ((Object.keys(patch) as (keyof LookupMemory)[]).every((k) => current[k] === patch[k])) return;
      memory.current = { ...current, ...patch };
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(write, 300);
    },
    [write],
  );
}

interface FormProps {
  remembered: LookupMemory | null;
  remember: (patch: MemoryPatch) => void;
}

/**
 * The hints a chosen type takes, as the report form asks for them (`extraFieldsFor`); "detect it" may
 * find a national number, so it takes the country. Chain and platform are left to the value's own form
 * (`Telegram @name`, `0x…`) here: Lookup stays one line.
 */
function hintsFor(type: string): ('country' | 'bankCode')[] {
  if (!isIndicatorType(type)) return ['country'];
  return extraFieldsFor(type).filter((f): f is 'country' | 'bankCode' => f === 'country' || f === 'bankCode');
}

/** "Yours (TH)": what an empty country select means, the caller's organisation's country. */
function useOwnCountry(): string {
  const { t } = useTranslation();
  const me = useSession();
  return t('lookup.countryOwn', { country: me.organisation.country });
}

function QuickLookup({ remembered, remember }: FormProps) {
  const { t } = useTranslation();
  const one = useLookupOne();
  const ownCountry = useOwnCountry();
  const [value, setValue] = useState(remembered?.value ?? '');
  const [oneType, setOneType] = useState<string>(remembered?.oneType ?? AUTO);
  const [oneCountry, setOneCountry] = useState(remembered?.oneCountry ?? '');
  const [oneBankCode, setOneBankCode] = useState(remembered?.oneBankCode ?? '');
  const hints = hintsFor(oneType);
  const asksCountry = hints.includes('country');
  const asksBankCode = hints.includes('bankCode');
  const [oneError, setOneError] = useState<string | undefined>();
  const types = useMemo(() => [{ value: AUTO, label: t('reportForm.autoDetect') }, ...indicatorTypeOptions(t)], [t]);

  const searchOne = (event: FormEvent) => {
    event.preventDefault();
    const v = value.trim();
    setOneError(v ? undefined : t('validation.required'));
    if (!v) return;
    const country = asksCountry ? oneCountry : '';
    const bankCode = asksBankCode ? oneBankCode.trim() : '';
    one.mutate({ value: v, ...(isIndicatorType(oneType) ? { type: oneType } : {}), ...(country ? { country } : {}), ...(bankCode ? { bankCode } : {}) });
  };

  // A new lookup's result replaces the remembered one; until then, the remembered one is shown.
  const oneResult = one.data ?? (one.isIdle ? remembered?.one : null) ?? null;
  useEffect(() => remember({ value, oneType, oneCountry, oneBankCode, one: oneResult }), [remember, value, oneType, oneCountry, oneBankCode, oneResult]);

  return (
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
          {/* For a number written the national way, of another country than the organisation's. */}
          {asksCountry && <CountryHintField value={oneCountry} onChange={setOneCountry} placeholder={ownCountry} w={220} testId="lookup-country" />}
          {asksBankCode && <BankCodeField value={oneBankCode} onChange={setOneBankCode} w={180} testId="lookup-bank-code" />}
          <Button type="submit" mt={25} loading={one.isPending} data-testid="lookup-one-submit">
            {t('common.search')}
          </Button>
        </Group>
      </form>
      <div aria-live="polite">
        <ErrorAlert error={one.error} />
        {oneResult && <QuickResult result={oneResult} />}
      </div>
    </section>
  );
}

function BatchLookup({ remembered, remember }: FormProps) {
  const { t } = useTranslation();
  const batch = useLookupBatch();
  const [text, setText] = useState(remembered?.text ?? '');
  const [batchType, setBatchType] = useState<string>(remembered?.batchType ?? AUTO);
  const [batchCountry, setBatchCountry] = useState(remembered?.batchCountry ?? '');
  const ownCountry = useOwnCountry();
  const [batchError, setBatchError] = useState<string | undefined>();
  // The lines of the lookup on screen, merged: each distinct value is looked up once.
  const [sent, setSent] = useState<DistinctLines | null>(null);
  const [rememberedCounts] = useState(() => countsFor(remembered?.batch, lookupLines(remembered?.text ?? '')));
  const lines = useMemo(() => lookupLines(text), [text]);
  const distinct = useMemo(() => distinctLines(lines), [lines]);
  const types = useMemo(() => [{ value: AUTO, label: t('reportForm.autoDetect') }, ...indicatorTypeOptions(t)], [t]);
  // Said as the lines are pasted, not after a click: the box's count says how many, this how to go on.
  const overLimit = linesOverLimit(distinct) > 0;
  const pasteError = overLimit ? t('lookup.overLimit', { max: LIMITS.lookupBatch }) : batchError;
  const pasteBox = useRef<HTMLTextAreaElement>(null);

  const searchMany = (event: FormEvent) => {
    event.preventDefault();
    if (lines.length === 0) return setBatchError(t('validation.required'));
    // Already said beside the box: back to it, where the count and what to do are read.
    if (overLimit) return pasteBox.current?.focus();
    const tooLong = lines.findIndex((l) => l.length > LIMITS.indicatorValue);
    if (tooLong >= 0) return setBatchError(t('lookup.lineTooLong', { line: tooLong + 1 }));
    setBatchError(undefined);
    const type: IndicatorType | undefined = isIndicatorType(batchType) ? batchType : undefined;
    setSent(distinct);
    const country = hintsFor(batchType).includes('country') ? batchCountry : '';
    batch.mutate(distinct.values.map((value) => ({ value, ...(type ? { type } : {}), ...(country ? { country } : {}) })));
  };

  // A new lookup's results replace the remembered ones; until then, the remembered ones are shown.
  const batchResults = batch.data?.results ?? (batch.isIdle ? remembered?.batch : null) ?? null;
  useEffect(() => remember({ text, batchType, batchCountry, batch: batchResults }), [remember, text, batchType, batchCountry, batchResults]);
  const counts = batch.data ? sent?.counts : rememberedCounts;
  // Only a new answer makes new rows: typing leaves `rows` (and so BatchResults) as they are.
  const rows = useMemo(() => (batchResults ? batchRows(batchResults, counts) : null), [batchResults, counts]);
  // Rendered as a transition: the form (the button's spinner ending) updates at once, the table after.
  const shownRows = useDeferredValue(rows);
  const linesLookedUp = useMemo(() => (shownRows ? shownRows.reduce((sum, r) => sum + r.count, 0) : 0), [shownRows]);

  return (
    <>
      <section>
        <Title order={2} size="h4" id="lookup-many" mb="xs">
          {t('lookup.many')}
        </Title>
        <form onSubmit={searchMany} aria-labelledby="lookup-many">
          <Stack gap="sm">
            <PasteBox
              text={text}
              onText={setText}
              error={pasteError}
              inputRef={pasteBox}
              hint={
                distinct.values.length < lines.length
                  ? t('lookup.pasteHintRepeated', { count: lines.length, distinct: distinct.values.length, max: LIMITS.lookupBatch })
                  : t('lookup.pasteHint', { count: lines.length, max: LIMITS.lookupBatch })
              }
            />
            <Group align="flex-end" gap="sm">
              <Select label={t('lookup.typeForAll')} data={types} value={batchType} onChange={(v) => setBatchType(v ?? AUTO)} allowDeselect={false} w={240} />
              {hintsFor(batchType).includes('country') && (
                <CountryHintField label={t('lookup.countryForAll')} value={batchCountry} onChange={setBatchCountry} placeholder={ownCountry} w={240} testId="lookup-batch-country" />
              )}
              {/* Over the limit the button says it cannot look them up, and shows and is announced as
                  disabled (data-disabled, aria-disabled), not "Look up 1,001 identifiers" beside the
                  warning. It stays focusable and described by the warning, and a click goes back to the box. */}
              <Button
                type="submit"
                loading={batch.isPending}
                data-disabled={overLimit || undefined}
                aria-disabled={overLimit || undefined}
                aria-describedby={overLimit ? PASTE_ERROR_ID : undefined}
                data-testid="lookup-batch-submit"
              >
                {overLimit ? t('lookup.lookUpOverLimit', { count: distinct.values.length, max: LIMITS.lookupBatch }) : t('lookup.lookUp', { count: distinct.values.length })}
              </Button>
            </Group>
          </Stack>
        </form>
      </section>
      <ErrorAlert error={batch.error} />
      {shownRows && <BatchResults rows={shownRows} lines={linesLookedUp} />}
    </>
  );
}

const PASTE_STYLES = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
const PASTE_ID = 'lookup-batch-lines';
/** Mantine's id of the box's error, which the submit button is described by while the lines are too many. */
const PASTE_ERROR_ID = `${PASTE_ID}-error`;
/** An error appearing beside the box (too many lines, as they are pasted) is announced. */
const PASTE_ERROR_PROPS = { role: 'alert' };

const PASTE_MIN_ROWS = 5;
const PASTE_MAX_ROWS = 16;

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/**
 * The paste box, rendered only when its own props change. It grows with its lines (5 to 16 rows) by
 * counting them: Mantine's `autosize` measures the text in a hidden copy of the textarea on every render —
 * three layouts of the whole text, 100–400 ms per keystroke with a thousand lines pasted.
 */
const PasteBox = memo(function PasteBox({
  text,
  onText,
  error,
  hint,
  inputRef,
}: {
  text: string;
  onText: (text: string) => void;
  error: string | undefined;
  hint: string;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = useTranslation();
  return (
    <Textarea
      ref={inputRef}
      id={PASTE_ID}
      label={t('lookup.paste')}
      description={hint}
      rows={Math.min(PASTE_MAX_ROWS, Math.max(PASTE_MIN_ROWS, lineCount(text)))}
      value={text}
      onChange={(e) => onText(e.currentTarget.value)}
      error={error}
      errorProps={PASTE_ERROR_PROPS}
      spellCheck={false}
      styles={PASTE_STYLES}
      data-testid="lookup-batch"
    />
  );
});

function QuickResult({ result }: { result: LookupResult }) {
  const { t, i18n } = useTranslation();
  const ind = result.indicator;
  return (
    <Card withBorder radius="md" mt="md" data-testid="lookup-quick-result">
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Outcome result={result} />
          {ind ? (
            // Found: as the server displays it (`Telegram @scamdesk`), the canonical value under it.
            <IndicatorValue indicator={ind} testId="lookup-quick-identifier" />
          ) : (
            result.canonical && <Code className="break-all">{result.canonical}</Code>
          )}
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
                <strong>{t('lookup.loss')}:</strong> {formatLossUsd(ind.lossUsd, i18n.language)}
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
            {/* What the scams were, as the answer says: a bank analyst weighs a romance mule apart from a parcel lure. */}
            <Text size="sm" data-testid="lookup-scam-types">
              <strong>{t('indicator.scamTypes')}:</strong> {ind.scamTypes.length > 0 ? ind.scamTypes.map((type) => t(`scamTypes.${type}`)).join(', ') : '—'}
            </Text>
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
        {/* Reports the viewer may not see: the hit itself, or partners' further reports beside the counts above. */}
        {result.hiddenHit && <HiddenHitNotice key={result.hiddenHit.accessRequest.href} hit={result.hiddenHit} compact partial={ind !== null} />}
        {/* A remembered answer of an earlier version has no `related`. */}
        {result.related && <RelatedHits related={result.related} quiet />}
      </Stack>
    </Card>
  );
}

/** The access requests the caller's organisation has made, newest as the server orders them. */
function MyAccessRequests() {
  const { t, i18n } = useTranslation();
  const list = useOutgoingAccessRequests();
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
      <TableScroll label={t('intel.accessRequest.mine')} minWidth={900}>
        <Table verticalSpacing="xs" striped aria-labelledby="my-access-requests" data-testid="access-requests-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('intel.accessRequest.when')}</Table.Th>
              <Table.Th scope="col">{t('intel.accessRequest.about')}</Table.Th>
              <Table.Th scope="col">{t('intel.accessRequest.holders')}</Table.Th>
              <Table.Th scope="col">{t('intel.accessRequest.reasonColumn')}</Table.Th>
              <Table.Th scope="col">{t('common.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState
              columns={5}
              query={list}
              rows={rows.length}
              empty={
                <Text size="sm" role="status" data-testid="access-requests-empty">
                  {t('accessRequests.outgoing.empty')}
                </Text>
              }
            />
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid="access-request-row">
                <Table.Td className="nowrap">{formatDateTime(r.createdAt, i18n.language)}</Table.Td>
                <Table.Td miw={200}>
                  <AccessRequestTarget request={r} />
                </Table.Td>
                <Table.Td miw={180}>
                  <HoldersSummary holders={r.holders} />
                </Table.Td>
                <Table.Td miw={240} maw={480} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...USER_TEXT_BLOCK}>
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
