/**
 * The results of a batch lookup (up to LIMITS.lookupBatch distinct values): the counts per outcome, which
 * filter the table, a CSV download, and the table itself, PAGE_SIZE rows at a time.
 *
 * Built for a thousand rows. The component is memoised, and typing in the page's inputs never renders it
 * (its props change only with a new answer). Rows are plain table elements with CSS (lookup-results.css),
 * not Mantine components, each memoised, with the per-row text (labels; each date and amount said once)
 * worked out once per table; the hidden-hit notice with its request button is rendered only for results
 * with reports the viewer may not see (a hit only, or partners' further reports beside the counts).
 * Showing more rows, or another outcome, is a transition rendered a page at a time: the page stays
 * responsive while it renders.
 */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { i18n as I18n, TFunction } from 'i18next';
import { memo, useEffect, useMemo, useState, useTransition } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { INDICATOR_STATUSES, INDICATOR_TYPES, SCAM_TYPES, type IndicatorStatus, type IndicatorType, type ScamType } from '@gpos/contracts';
import { BenignTag, HiddenHitNotice, WidelySharedTag } from '../../components/intel';
import { TableScroll } from '../../components/TableScroll';
import { countryName } from '../../i18n/countries';
import { formatDate } from '../../lib/format';
import { shownIndicator } from '../../lib/indicator-display';
import { INDICATOR_STATUS_COLOURS } from '../../lib/intel-options';
import { countOutcomes, LOOKUP_OUTCOMES, OUTCOME_COLOURS, type BatchRow, type LookupOutcome } from '../../lib/lookup-batch';
import { lookupCsvName, lookupResultsCsv } from '../../lib/lookup-csv';
import { formatLossUsd } from '../../lib/money';
import { normaliseErrorMessage } from '../../lib/normalise-error';
import { saveFile } from '../interop/download';
import { RelatedHits } from './RelatedHits';
import './lookup-results.css';

/** Rows shown at first, and added by "Show more". */
export const PAGE_SIZE = 100;

type Filter = LookupOutcome | 'all';

/** `data-found` of a row, as the browser tests read it. */
const DATA_FOUND: Record<LookupOutcome, string> = { found: 'true', hidden: 'hidden', notFound: 'false', invalid: 'invalid' };
const OUTCOME_KEYS = { found: 'lookup.outcome.found', hidden: 'lookup.outcome.hitOnly', notFound: 'lookup.outcome.notFound', invalid: 'lookup.outcome.invalid' } as const;

/** What every row needs from the language, worked out once per table rather than once per row. */
interface RowText {
  t: TFunction;
  i18n: I18n;
  types: Record<IndicatorType, string>;
  outcomes: Record<LookupOutcome, string>;
  statuses: Record<IndicatorStatus, string>;
  scamTypes: Record<ScamType, string>;
  notRecognised: string;
  money: (cents: number) => string;
  date: (iso: string | null) => string;
  country: (code: string) => string;
  repeated: (count: number) => string;
  merged: (row: BatchRow) => string;
  alsoAs: string;
  score: (score: number) => string;
}

function useRowText(): RowText {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    // formatDate and formatLossUsd build an Intl formatter per call: each day and amount is said once.
    const days = new Map<string, string>();
    const amounts = new Map<number, string>();
    const countries = new Map<string, string>();
    return {
      t,
      i18n,
      types: Object.fromEntries(INDICATOR_TYPES.map((type) => [type, t(`indicatorTypes.${type}`)])) as Record<IndicatorType, string>,
      outcomes: Object.fromEntries(LOOKUP_OUTCOMES.map((o) => [o, t(OUTCOME_KEYS[o])])) as Record<LookupOutcome, string>,
      statuses: Object.fromEntries(INDICATOR_STATUSES.map((s) => [s, t(`indicatorStatus.${s}`)])) as Record<IndicatorStatus, string>,
      scamTypes: Object.fromEntries(SCAM_TYPES.map((s) => [s, t(`scamTypes.${s}`)])) as Record<ScamType, string>,
      notRecognised: t('lookup.notRecognisedShort'),
      money: (cents) => {
        let said = amounts.get(cents);
        if (said === undefined) amounts.set(cents, (said = formatLossUsd(cents, language)));
        return said;
      },
      date: (iso) => {
        const date = iso ? new Date(iso) : null;
        if (!date || Number.isNaN(date.getTime())) return '';
        // The local calendar day, as formatDate says it.
        const key = `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
        let said = days.get(key);
        if (said === undefined) days.set(key, (said = formatDate(date, language)));
        return said;
      },
      country: (code) => {
        let name = countries.get(code);
        if (name === undefined) countries.set(code, (name = countryName(code, language)));
        return name;
      },
      repeated: (count) => t('lookup.repeatedTitle', { count }),
      // Each way it was written, with how many lines wrote it so: "0812345678 ×2, +66812345678". Pasted
      // text is said as typed, never read as i18next syntax (`nest: false`).
      merged: (row) =>
        t('lookup.mergedTitle', {
          count: row.count,
          replace: { count: row.count, inputs: row.inputs.map((p) => (p.count > 1 ? `${p.input} ×${p.count}` : p.input)).join(', ') },
          nest: false,
        }),
      alsoAs: t('lookup.alsoAs'),
      score: (score) => t('lookup.scoreValue', { score }),
    };
  }, [t, i18n, language]);
}

/** The pasted text in the font of the input cell, at the size of the line it is part of. */
const MONO = { fontFamily: 'var(--mantine-font-family-monospace)' };
const INPUT_CELL = { minWidth: 132, maxWidth: 220 };
const RESULT_CELL = { minWidth: 110, maxWidth: 240 };

const ResultRow = memo(function ResultRow({ row, text }: { row: BatchRow; text: RowText }) {
  const { result: r, outcome } = row;
  const ind = r.indicator;
  const shown = ind ? shownIndicator(ind) : { primary: '', canonical: null };
  const colour = outcome === 'found' && ind?.benign ? 'gray' : OUTCOME_COLOURS[outcome];
  const statusColour = ind ? (ind.benign && INDICATOR_STATUS_COLOURS[ind.status] === 'red' ? 'gray' : INDICATOR_STATUS_COLOURS[ind.status]) : 'gray';
  return (
    <tr data-testid="lookup-row" data-found={DATA_FOUND[outcome]}>
      <td>{row.n}</td>
      <td className="break-all" style={INPUT_CELL}>
        <span className="lookup-mono">{r.input}</span>
        {row.count > 1 && (
          <span className="lookup-repeat" title={row.inputs.length > 1 ? text.merged(row) : text.repeated(row.count)} data-testid="lookup-repeat">
            ×{row.count}
          </span>
        )}
        {/* The other ways the pasted lines wrote this identifier (`081…` beside `+66 81…`). */}
        {row.inputs.length > 1 && (
          <span className="lookup-dimmed" data-testid="lookup-merged-inputs">
            {text.alsoAs} <span style={MONO}>{row.inputs.slice(1).map((p) => p.input).join(', ')}</span>
          </span>
        )}
      </td>
      <td className="break-all" style={INPUT_CELL}>
        {ind ? (
          <>
            {/* As the server displays it (`Telegram @scamdesk`); the canonical value (what the CSV holds) under it. */}
            <Link to={`/indicators/${ind.id}`} className="lookup-link lookup-mono" data-testid="lookup-identifier">
              {shown.primary}
            </Link>
            {shown.canonical !== null && <span className="lookup-dimmed lookup-mono">{shown.canonical}</span>}
          </>
        ) : r.canonical ? (
          <span className="lookup-mono">{r.canonical}</span>
        ) : (
          '—'
        )}
        {r.type && <span className="lookup-dimmed">{text.types[r.type]}</span>}
      </td>
      <td style={RESULT_CELL}>
        <span className="lookup-state" data-colour={colour} data-testid="lookup-outcome">
          {text.outcomes[outcome]}
        </span>
        {r.error && <span className="lookup-error">{r.error.code === 'type.undetected' ? text.notRecognised : normaliseErrorMessage(text.i18n, r.error)}</span>}
        {/* Reports the viewer may not see: the hit itself, or partners' further reports beside the counts. */}
        {r.hiddenHit && <HiddenHitNotice hit={r.hiddenHit} compact partial={ind !== null} />}
        {/* What the value implies and the platform knows (a URL's reported domain); absent from a remembered earlier answer. */}
        {r.related?.some((x) => x.found) && <RelatedHits related={r.related} />}
      </td>
      <td>
        {ind ? (
          <span className="lookup-cell-stack">
            <span className="lookup-state" data-colour={statusColour}>
              {text.statuses[ind.status]}
            </span>
            {ind.benign && <BenignTag testId="lookup-benign" />}
            {ind.widelyShared && <WidelySharedTag testId="lookup-widely-shared" />}
            <span className="lookup-dimmed">{text.score(ind.score)}</span>
          </span>
        ) : (
          '—'
        )}
      </td>
      <td className="nowrap">{ind ? `${ind.reports} (${ind.organisations})` : '—'}</td>
      <td className="lookup-scam-types" data-testid="lookup-scam-types">
        {ind && ind.scamTypes.length > 0 ? ind.scamTypes.map((type) => <span key={type}>{text.scamTypes[type]}</span>) : '—'}
      </td>
      <td className="lookup-countries">
        {ind && ind.countries.length > 0
          ? ind.countries.map((code) => (
              <abbr key={code} title={text.country(code)}>
                {code}
              </abbr>
            ))
          : '—'}
      </td>
      <td className="nowrap">{ind ? text.money(ind.lossUsd) : '—'}</td>
      <td className="nowrap">
        {ind && ind.firstSeen ? (
          <>
            {text.date(ind.firstSeen)}
            <br />– {text.date(ind.lastSeen)}
          </>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
});

/** The rows of the table, memoised apart from the controls above it. */
const ResultRows = memo(function ResultRows({ rows, text }: { rows: readonly BatchRow[]; text: RowText }) {
  return (
    <tbody>
      {rows.map((row) => (
        <ResultRow key={row.n} row={row} text={text} />
      ))}
    </tbody>
  );
});

export const BatchResults = memo(function BatchResults({ rows, lines }: { rows: readonly BatchRow[]; lines: number }) {
  const { t } = useTranslation();
  const text = useRowText();
  const [filter, setFilter] = useState<Filter>('all');
  // Rows on screen, and how many were asked for: "Show all" adds PAGE_SIZE rows at a time (below).
  const [limit, setLimit] = useState(PAGE_SIZE);
  const [target, setTarget] = useState(PAGE_SIZE);
  const [pending, startTransition] = useTransition();
  // A new answer starts over: all outcomes, the first page.
  const [answer, setAnswer] = useState(rows);
  if (answer !== rows) {
    setAnswer(rows);
    setFilter('all');
    setLimit(PAGE_SIZE);
    setTarget(PAGE_SIZE);
  }
  // Up to the target one page per task, each its own commit: a thousand rows at once are one long layout
  // (1–4 s), a page at a time leaves the browser free to paint and to take keystrokes in between.
  useEffect(() => {
    if (limit >= target) return;
    const timer = window.setTimeout(() => startTransition(() => setLimit((l) => Math.min(target, l + PAGE_SIZE))), 0);
    return () => window.clearTimeout(timer);
  }, [limit, target]);

  const counts = useMemo(() => countOutcomes(rows), [rows]);
  const filtered = useMemo(() => (filter === 'all' ? rows : rows.filter((r) => r.outcome === filter)), [rows, filter]);
  const visible = useMemo(() => filtered.slice(0, limit), [filtered, limit]);
  const merged = lines - rows.length;

  const choose = (next: Filter) =>
    startTransition(() => {
      setFilter(next);
      setLimit(PAGE_SIZE);
      setTarget(PAGE_SIZE);
    });
  const growing = pending || limit < Math.min(target, filtered.length);
  const download = () => {
    const csv = lookupResultsCsv(filtered, (error) => normaliseErrorMessage(text.i18n, error));
    // With the UTF-8 byte-order mark: without it Excel reads the Thai in the file as mojibake.
    saveFile(lookupCsvName(new Date(), filter === 'all' ? undefined : filter), new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  };
  const filterLabel = (key: Filter) => (key === 'all' ? t('lookup.filterAll') : text.outcomes[key]);

  return (
    <section>
      <Title order={2} size="h4" id="lookup-results" mb="xs">
        {t('lookup.results')}
      </Title>
      <Text size="sm" mb="sm" role="status" data-testid="lookup-summary">
        {t('lookup.summary', { total: rows.length, found: counts.found, hidden: counts.hidden, notFound: counts.notFound, invalid: counts.invalid })}
        {merged > 0 && ` ${t('lookup.merged', { count: merged })}`}
      </Text>
      <Group justify="space-between" align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <Group gap={6} wrap="wrap" role="group" aria-label={t('lookup.filterLabel')}>
          {(['all', ...LOOKUP_OUTCOMES] as const).map((key) => (
            <Button
              key={key}
              size="compact-sm"
              variant={filter === key ? 'filled' : 'default'}
              aria-pressed={filter === key}
              disabled={key !== 'all' && counts[key] === 0}
              onClick={() => choose(key)}
              data-testid={`lookup-filter-${key}`}
            >
              {filterLabel(key)} ({counts[key]})
            </Button>
          ))}
        </Group>
        <Button size="compact-sm" variant="light" onClick={download} disabled={filtered.length === 0} data-testid="lookup-download">
          {filter === 'all' ? t('lookup.download') : t('lookup.downloadShown')}
        </Button>
      </Group>
      <TableScroll label={t('lookup.results')} minWidth={900}>
        <Table verticalSpacing="xs" className="lookup-results" aria-label={t('lookup.results')} aria-busy={growing || undefined} data-testid="lookup-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">#</Table.Th>
              <Table.Th scope="col">{t('lookup.input')}</Table.Th>
              <Table.Th scope="col">{t('lookup.canonicalAndType')}</Table.Th>
              <Table.Th scope="col">{t('lookup.result')}</Table.Th>
              <Table.Th scope="col">{t('lookup.statusAndScore')}</Table.Th>
              <Table.Th scope="col">{t('lookup.reportsAndOrganisations')}</Table.Th>
              <Table.Th scope="col">{t('indicator.scamTypes')}</Table.Th>
              <Table.Th scope="col">{t('lookup.countries')}</Table.Th>
              <Table.Th scope="col">{t('lookup.loss')}</Table.Th>
              <Table.Th scope="col">{t('lookup.seen')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <ResultRows rows={visible} text={text} />
        </Table>
      </TableScroll>
      {filtered.length === 0 && (
        <Text size="sm" mt="xs" data-testid="lookup-none-shown">
          {t('lookup.noneShown')}
        </Text>
      )}
      {filtered.length > visible.length && (
        <Stack gap={6} mt="sm" align="flex-start">
          <Text size="sm" data-testid="lookup-showing">
            {t('lookup.showing', { shown: visible.length, total: filtered.length })}
          </Text>
          <Group gap="xs">
            <Button size="compact-sm" variant="default" onClick={() => setTarget(limit + PAGE_SIZE)} data-testid="lookup-show-more">
              {t('lookup.showMore', { count: Math.min(PAGE_SIZE, filtered.length - visible.length) })}
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={() => setTarget(filtered.length)} data-testid="lookup-show-all">
              {t('lookup.showAll', { count: filtered.length })}
            </Button>
          </Group>
        </Stack>
      )}
    </section>
  );
});
