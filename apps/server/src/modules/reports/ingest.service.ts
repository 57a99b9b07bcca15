import { createHash } from 'node:crypto';
import type { IndicatorType, ParsedCreateReport, SightingRole } from '@gpos/contracts';
import stringify from 'safe-stable-stringify';
import type { ServerDeps } from '../../platform/context.js';
import type { IndicatorsTable, ReportsTable, SightingsTable } from '../../db/schema.js';
import { isTransientAbort, isUniqueViolation } from '../../db/write-conflicts.js';
import { appendAudit, type AuditContext } from '../../platform/audit/index.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { newDayId, newId, nowIso } from '../../platform/ids.js';
import { isOpenMarking, resolveMarkings, type Marking } from '../../platform/sharing/index.js';
import type { FxService } from '../fx/fx.service.js';
import { reviveExpired } from '../indicators/indicator-decay.js';
import { upsertIndicators } from './indicator-upsert.js';
import { normaliseIndicator, type CanonicalIndicator, type NormaliseResult, type RawIndicator } from '../indicators/normalise/index.js';
import { POOL_MIN_ITEMS, type NormalisePool } from '../indicators/normalise/normalise-pool.js';
import { indicatorKey } from '../lookup/membership-filter.js';
import type { WarninglistService } from '../warninglists/warninglist.service.js';
import { ensureMarkings } from './marking-ids.js';
import { identifierRefusal } from './identifier-refusals.js';
import { reportRefusals } from './report-refusals.js';
import { correctionMarkingRefusal } from './source-marking.js';
import { REFUSE_OTHER_CONTENT, type CommittedBatch, type IngestOutcome, type KeyReuse, type ReportIndicatorResult, type Replacement, type Submitter } from './ingest-outcomes.js';
import { idempotencyFingerprint, keyReusedError } from './idempotency.js';
import { claimUnchanged, detachSightings, existingIdempotencyKeys, insertReports, insertSightings, recordChanges, submitterViewer, visibleReportIds, type IndicatorUpsert, type KeyedReport } from './report.repository.js';

export type { CommittedBatch, CommittedReportFields, IngestOutcome, KeyReuse, ReportIndicatorResult, Replacement, Submitter } from './ingest-outcomes.js';

interface Prepared {
  index: number;
  input: ParsedCreateReport;
  /** occurredAt as stored (ISO 8601 UTC). */
  occurredAt: string;
  /** Each with its key (indicatorKey), computed here rather than in the transaction. */
  indicators: (CanonicalIndicator & { role: SightingRole; derivedFrom: number | null; benign: boolean; key: string })[];
}

/** A batch after its first half: outcomes so far (the rejected), the rest prepared, each with its marking or the marking's errors. */
interface PreparedBatch {
  submitter: Submitter;
  inputs: ParsedCreateReport[];
  outcomes: IngestOutcome[];
  prepared: Prepared[];
  markingOf: ({ marking: Marking; fingerprint: string } | FieldError[])[];
  /** For the audit event: over the validated inputs, whose keys come in the schema's order, so the
   * native serialiser is deterministic here (key-sorting hundreds of reports cost more than writing them). */
  contentSha256: string;
  keyReuse: KeyReuse;
}

/**
 * The most loss one report may claim, in US cents (USD 10 billion, beyond any single scam on record): a
 * network's and a lookup's totals add these up, and must stay exact.
 */
export const MAX_REPORT_LOSS_USD_CENTS = 1_000_000_000_000;
/** The earliest `occurredAt` a report may give (1970-01-01): before it, the year is a typing slip. */
const EARLIEST_OCCURRED_AT = 0;
const formatUsd = (cents: number) => (cents / 100).toLocaleString('en', { maximumFractionDigits: 0 });

/** Reports per transaction: long enough to amortise, short enough that SQLite's one writer never stalls requests. */
export const INGEST_BATCH = 500;
/**
 * Batches of a sequence being prepared while one is written (ingestBatches). With one, the main thread
 * waited for the worker between writes (1.7 s of 28 s idle at 300k sightings, profiled); with two, the
 * 1M ingest gained −7% instead of −3%.
 */
const PREPARED_AHEAD = 2;
/**
 * The first batches of a sequence are normalised on this thread, the rest in the worker, unless one is
 * running already: starting a worker and running its code cold cost more than a small upload's
 * normalisation (4,000 lines: 1.12 s against 0.88–1.01 s in-thread, `gpos import`), while a long import
 * gains (60,000 lines: −1 to −10%).
 */
const IN_THREAD_BATCHES = 8;
/** Reports normalised between two yields to the event loop (a few milliseconds of work). */
const PREPARE_SLICE = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Who made a report, for its RED marking's creator: a person, or an API key when no person did. */
type Author = { userId: string | null; apiKeyId: string | null };

/**
 * The one write path of scam intelligence, used by single reports, bulk uploads, imports and the demo.
 * A batch goes in two halves. prepareBatch normalises and checks everything in memory and resolves the
 * markings; commitBatch checks idempotency keys, then writes in one transaction reports, indicators
 * (upserted with their counters), sightings and the change feed with multi-row statements, plus one
 * audit event for the whole batch with its counts and a content hash. ingestBatch runs both halves for
 * one batch; ingestBatches (bulk uploads) prepares the next batch while the previous one is written.
 */
export function createIngestService(
  deps: Pick<ServerDeps, 'db' | 'engine'>,
  services: {
    fx: FxService;
    warninglists: WarninglistService;
    /** Run inside the batch's transaction (e.g. watchlist events that must commit with the reports). */
    withinTransaction?: ((trx: ServerDeps['db'], batch: CommittedBatch) => Promise<void>)[];
    /** Run after commit (in-memory indexes). */
    onCommitted: ((batch: CommittedBatch) => void)[];
    /** The decay policy: a new sighting revives an indicator that had expired (see indicator-decay.ts). */
    decayDays?: Record<IndicatorType, number>;
    /**
     * Normalises a batch's identifiers in a worker thread (see prepareBatch); without it, or where its
     * worker is absent, they are normalised here.
     */
    normalisePool?: NormalisePool;
  },
) {
  const { db, engine } = deps;
  // Stored markings never change, so a fingerprint → id cache of committed rows is always right.
  const markingIds = new Map<string, string>();
  // Normalising is a pure function of its input, and mule accounts, phones and domains recur across
  // reports: remembering recent answers saves most of the parsing on real uploads.
  const normalised = new Map<string, ReturnType<typeof normaliseIndicator>>();
  const NORMALISED_CACHE = 100_000;
  const normaliseCached = (raw: Parameters<typeof normaliseIndicator>[0], country: string) => {
    const key = `${country}\u0000${raw.type ?? ''}\u0000${raw.value}\u0000${raw.country ?? ''}\u0000${raw.bankCode ?? ''}\u0000${raw.chain ?? ''}\u0000${raw.platform ?? ''}`;
    let result = normalised.get(key);
    if (!result) {
      result = normaliseIndicator(raw, { reporterCountry: country });
      if (normalised.size >= NORMALISED_CACHE) normalised.clear();
      normalised.set(key, result);
    }
    return result;
  };

  /**
   * Checks one report and gives its identifiers' canonical forms. `normalised`, when given, holds the
   * normalisation of the report's identifiers in their order, from `from` on (prepareBatch's worker).
   */
  function prepare(submitter: Submitter, input: ParsedCreateReport, index: number, normalised?: readonly NormaliseResult[], from = 0): Prepared | FieldError[] {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const indicators: Prepared['indicators'] = [];
    input.indicators.forEach((raw, i) => {
      const { role, ...rest } = raw;
      const result = normalised ? normalised[from + i]! : normaliseCached(rest, submitter.organisationCountry);
      if (!result.ok) {
        errors.push(identifierRefusal(i, result));
        return;
      }
      const add = (canonical: CanonicalIndicator, derivedFrom: number | null) => {
        const key = indicatorKey(canonical.type, canonical.value);
        if (seen.has(key)) return;
        seen.add(key);
        indicators.push({
          ...canonical,
          role: role ?? defaultRole(canonical.type),
          derivedFrom,
          benign: services.warninglists.isBenign(canonical.type, canonical.value),
          key,
        });
      };
      add(result.indicator, null);
      for (const derived of result.derived) add(derived, i);
    });
    const occurredAt = new Date(input.occurredAt);
    // Coded, as a schema's refusals are, for clients to say in their language (input review, session 26).
    if (occurredAt.getTime() > Date.now() + 86_400_000) {
      errors.push({ path: 'occurredAt', ...reportRefusals.say('report.occurred_in_future', { value: input.occurredAt }) });
    } else if (occurredAt.getTime() < EARLIEST_OCCURRED_AT) {
      // A year typed as 0000 or 0202 is a slip, and would be converted to USD at the oldest rate there is.
      errors.push({ path: 'occurredAt', ...reportRefusals.say('report.occurred_before_1970', { value: input.occurredAt }) });
    }
    return errors.length > 0 ? errors : { index, input, occurredAt: occurredAt.toISOString(), indicators };
  }

  /**
   * Ids of the batch's distinct markings, from the cache or stored together in a few statements. The ones
   * not cached yet are in `learned`, for the caller to cache once its transaction has committed: a row
   * inserted by a transaction that then rolled back (a retried batch, any failure) does not exist, and a
   * cached id of it stored later reports under a marking nobody may read.
   */
  async function markingIdsFor(trx: typeof db, markings: { marking: Marking; fingerprint: string }[]): Promise<{ ids: Map<string, string>; learned: Map<string, string> }> {
    const ids = new Map<string, string>();
    const learned = new Map<string, string>();
    const unknown: { marking: Marking; fingerprint: string }[] = [];
    for (const item of markings) {
      const id = markingIds.get(item.fingerprint);
      if (id) ids.set(item.fingerprint, id);
      else unknown.push(item);
    }
    const stored = await ensureMarkings(trx, unknown.map((u) => u.marking));
    for (const { marking, fingerprint } of unknown) {
      const id = stored.get(marking)!;
      learned.set(fingerprint, id);
      ids.set(fingerprint, id);
    }
    return { ids, learned };
  }

  /**
   * Every identifier of a batch normalised in the pool's worker, in order, or null (the pool is absent or
   * unavailable, or the batch too small to be worth a message). Profiled at 1M sightings, normalisation
   * took ~14 s of the main thread's ~125 s and a quarter of its allocations, while the second core ran
   * little but SQLite's checkpoints. A batch's normalisation then overlaps the writing of the ones before
   * it (ingestBatches).
   */
  async function normaliseInWorker(submitter: Submitter, inputs: readonly ParsedCreateReport[]): Promise<NormaliseResult[] | null> {
    const pool = services.normalisePool;
    if (!pool?.available) return null;
    const raws: RawIndicator[] = [];
    for (const input of inputs) {
      for (const { role: _role, ...rest } of input.indicators) raws.push(rest);
    }
    if (raws.length < POOL_MIN_ITEMS) return null;
    return pool.normalise(raws, { reporterCountry: submitter.organisationCountry });
  }

  /**
   * The first half of a batch, which reads nothing an earlier batch writes: normalisation and checks of
   * every report, and the resolution of its markings. Yields to the event loop every PREPARE_SLICE
   * reports, so a batch being written meanwhile (see ingestBatches) gets its answers promptly, and so
   * does everything else the process serves.
   */
  async function prepareBatch(
    submitter: Submitter,
    inputs: ParsedCreateReport[],
    inWorker = false,
    keyReuse = REFUSE_OTHER_CONTENT,
    author: Author = { userId: submitter.userId, apiKeyId: submitter.apiKeyId },
  ): Promise<PreparedBatch> {
    if (inputs.length > INGEST_BATCH) throw new AppError('bad_request', `At most ${INGEST_BATCH} reports per batch`);
    const outcomes: IngestOutcome[] = new Array(inputs.length);
    const prepared: Prepared[] = [];
    const normalised = inWorker ? await normaliseInWorker(submitter, inputs) : null;
    for (let index = 0, from = 0; index < inputs.length; from += inputs[index]!.indicators.length, index += 1) {
      if (index > 0 && index % PREPARE_SLICE === 0) await yieldToEventLoop();
      const result = prepare(submitter, inputs[index]!, index, normalised ?? undefined, from);
      if (Array.isArray(result)) outcomes[index] = { status: 'rejected', errors: result };
      else prepared.push(result);
    }

    // Markings: each distinct one resolved once, all of them together (unknown communities or recipients reject the report).
    const markingKeys = prepared.map((item) => stringify(item.input.marking) ?? '');
    const distinct = new Map<string, Prepared['input']['marking']>();
    for (const [i, item] of prepared.entries()) if (!distinct.has(markingKeys[i]!)) distinct.set(markingKeys[i]!, item.input.marking);
    const resolved = await resolveMarkings(db, { organisationId: submitter.organisationId, ...author }, [...distinct.values()]);
    const markings = new Map<string, { marking: Marking; fingerprint: string } | FieldError[]>();
    for (const [n, key] of [...distinct.keys()].entries()) {
      const marking = resolved[n]!;
      if (!(marking instanceof AppError)) markings.set(key, { marking, fingerprint: stringify(marking) ?? '' });
      else if (marking.details.errors) markings.set(key, marking.details.errors);
      else throw marking;
    }
    const contentSha256 = createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
    return { submitter, inputs, outcomes, prepared, markingOf: prepared.map((_, i) => markings.get(markingKeys[i]!)!), contentSha256, keyReuse };
  }

  /**
   * Ingests up to INGEST_BATCH reports in one transaction; outcomes come back in input order. With
   * `replace`, the single input becomes the next version of an existing report, in the same transaction
   * that takes the old version's sightings off the counters (a correction keeps the id partners cite).
   */
  async function ingestBatch(
    submitter: Submitter,
    context: AuditContext,
    inputs: ParsedCreateReport[],
    action: string,
    replace?: Replacement,
    keyReuse?: KeyReuse,
  ): Promise<IngestOutcome[]> {
    // A correction keeps the report's author, who is its TLP RED creator: a marking names only the others,
    // so a named colleague's correction sent as the report reads took a RED report away from its author.
    // The author is a person, or the API key that made the report when no person did.
    const author: Author = replace
      ? { userId: replace.report.created_by_user_id, apiKeyId: replace.report.created_by_api_key_id }
      : { userId: submitter.userId, apiKeyId: submitter.apiKeyId };
    return commitBatch(await prepareBatch(submitter, inputs, false, keyReuse, author), context, action, replace);
  }

  /**
   * Ingests a sequence of batches of one submitter, as bulk uploads and imports do, each in its own
   * transaction and in order, with the same outcomes as ingestBatch called on each in turn. The next
   * batches are prepared (normalised, their markings resolved) while the previous one is being written:
   * on PostgreSQL the database works on one batch on its own core while this process prepares the next,
   * and past IN_THREAD_BATCHES the normalise worker runs PREPARED_AHEAD batches ahead of the writes.
   * `onCommitted` receives each item with its outcomes once its batch has committed, before the next
   * batch starts writing.
   * Idempotency keys are checked only once the previous batch has committed, so a key repeated across
   * batches still answers `duplicate`; a batch that cannot be prepared fails the call when its turn to
   * be written comes, after every batch before it.
   */
  async function ingestBatches<T extends { inputs: ParsedCreateReport[] }>(
    submitter: Submitter,
    context: AuditContext,
    items: AsyncIterable<T> | Iterable<T>,
    action: string,
    onCommitted: (item: T, outcomes: IngestOutcome[]) => void | Promise<void>,
  ): Promise<void> {
    const ahead: { item: T; prepared: Promise<PreparedBatch> }[] = [];
    // (Asserted: assigned in writeNext, which the compiler's narrowing does not follow.)
    let writing = null as Promise<void> | null;
    let writeFailed = false;
    const writeNext = async () => {
      const { item, prepared } = ahead.shift()!;
      try {
        const batch = await prepared;
        if (writing) await writing;
        writing = commitBatch(batch, context, action).then((outcomes) => onCommitted(item, outcomes));
        // Marked as handled at once: a failure surfaces at the next await of `writing`, not as an
        // unhandled rejection while the next batch is being read.
        writing.catch(() => undefined);
      } catch (error) {
        writeFailed = true;
        throw error;
      }
    };
    const writeRest = async () => {
      while (ahead.length > 0) await writeNext();
    };
    try {
      let read = 0;
      for await (const item of items) {
        const prepared = prepareBatch(submitter, item.inputs, (read += 1) > IN_THREAD_BATCHES || (services.normalisePool?.workers ?? 0) > 0);
        // Likewise: a batch that fails to prepare fails the call in its turn (writeNext).
        prepared.catch(() => undefined);
        ahead.push({ item, prepared });
        if (ahead.length >= PREPARED_AHEAD) await writeNext();
      }
      await writeRest();
    } catch (error) {
      // A source that broke: what was read before it is still written, as when batches were read one at
      // a time. A failed batch or consumer: nothing after it is written.
      if (!writeFailed) await writeRest().catch(() => undefined);
      // Whatever failed, the batch already being written is waited for (its failure is the lesser news).
      await writing?.catch(() => undefined);
      throw error;
    }
    await writing;
  }

  /**
   * The second half: idempotency against everything committed so far, then the batch's transaction.
   * Run again, from the idempotency check, when a concurrent writer got there first: another request
   * (or server process) committed one of the batch's idempotency keys between the check and the insert,
   * which then answers `duplicate` as if it had come second; or PostgreSQL aborted the transaction to
   * break a deadlock with a concurrent batch or correction (their row locks on shared indicators can be
   * taken in different orders: a correction first takes its old sightings off their indicators).
   */
  async function commitBatch(batch: PreparedBatch, context: AuditContext, action: string, replace?: Replacement): Promise<IngestOutcome[]> {
    const asPrepared = [...batch.outcomes];
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await commitBatchOnce(batch, context, action, replace);
      } catch (error) {
        const again = isUniqueViolation(error, IDEMPOTENCY_INDEX) || isTransientAbort(error);
        if (!again || attempt >= COMMIT_ATTEMPTS) throw error;
        // The outcomes the attempt set (duplicates, refusals) are decided again.
        batch.outcomes.splice(0, batch.outcomes.length, ...asPrepared);
      }
    }
  }

  async function commitBatchOnce(batch: PreparedBatch, context: AuditContext, action: string, replace?: Replacement): Promise<IngestOutcome[]> {
    const { submitter, outcomes, prepared, markingOf } = batch;
    // Idempotency: a key seen before (now or earlier in this batch) answers with the existing report.
    const keys = prepared.map((p) => p.input.idempotencyKey).filter((k): k is string => k !== undefined);
    const existing = keys.length > 0 ? await existingIdempotencyKeys(db, submitter.organisationId, [...new Set(keys)]) : new Map<string, KeyedReport>();
    // Reports committed before this batch, read through the sharing policy: a report made earlier in
    // this batch is not there yet, and its id goes back in this very answer, so it is no secret.
    const committedBefore = new Set([...existing.values()].map((report) => report.id));
    const visibleBefore = committedBefore.size > 0 ? await visibleReportIds(db, await submitterViewer(db, submitter), [...committedBefore]) : new Set<string>();
    const accepted: { item: Prepared; reportId: string; marking: { marking: Marking; fingerprint: string }; lossUsd: number | null; fingerprint: string | null }[] = [];
    for (const [i, item] of prepared.entries()) {
      const marking = markingOf[i]!;
      if (Array.isArray(marking)) {
        outcomes[item.index] = { status: 'rejected', errors: marking.map((e) => ({ ...e, path: e.path.replace(/^(body\.)?marking/, 'marking') })) };
        continue;
      }
      // A correction here of a report imported from another node keeps to the marking it arrived with, and
      // one of a RED report by anyone but its maker to the marking it has.
      const widening = replace ? await correctionMarkingRefusal(db, replace.report, submitter, marking.marking) : null;
      if (widening) {
        outcomes[item.index] = { status: 'rejected', errors: [widening] };
        continue;
      }
      const key = replace ? undefined : item.input.idempotencyKey;
      const fingerprint = key ? idempotencyFingerprint(item) : null;
      const earlier = key ? existing.get(key) : undefined;
      if (earlier) {
        const visible = !committedBefore.has(earlier.id) || visibleBefore.has(earlier.id);
        // Compared only with a report the sender may see (see `otherContent`); a report made before
        // migration 027 has nothing to compare with.
        const otherContent = visible && earlier.fingerprint !== null && earlier.fingerprint !== fingerprint;
        outcomes[item.index] =
          otherContent && batch.keyReuse.sameKeyOtherContent === 'refuse'
            ? { status: 'rejected', errors: [keyReusedError(earlier.id, earlier.retracted)] }
            : { status: 'duplicate', reportId: earlier.id, visible, otherContent, retracted: visible && earlier.retracted };
        continue;
      }
      const loss = item.input.loss;
      const lossUsd = loss ? await services.fx.toUsdCents(loss.amount, loss.currency, item.occurredAt) : null;
      if (lossUsd !== null && lossUsd > MAX_REPORT_LOSS_USD_CENTS) {
        outcomes[item.index] = { status: 'rejected', errors: [{ path: 'loss.amount', ...reportRefusals.say('report.loss_over_cap', { usd: formatUsd(lossUsd), cap: formatUsd(MAX_REPORT_LOSS_USD_CENTS) }) }] };
        continue;
      }
      const reportId = replace?.report.id ?? newId();
      // The key is taken only here, by a report that is stored: taken by a line refused after the check
      // (its loss over the cap), it answered the corrected line sent again under it as a `duplicate` of a
      // report that never existed. Any later refusal of a line goes above this.
      if (key) existing.set(key, { id: reportId, fingerprint, retracted: false });
      accepted.push({ item, reportId, marking, lossUsd, fingerprint });
    }
    if (accepted.length === 0) return outcomes;

    const now = nowIso();
    let learnedMarkings = new Map<string, string>();
    const committed = await db.transaction().execute(async (trx) => {
      // Identifiers judged again by the warninglists of this moment (a list may have changed since the
      // batch was prepared): the flag is written with the sightings and decides whether they link.
      await services.warninglists.currentWithin(trx);
      for (const { item } of accepted) for (const indicator of item.indicators) indicator.benign = services.warninglists.isBenign(indicator.type, indicator.value);
      const { ids: markingIdOf, learned } = await markingIdsFor(trx, [...new Map(accepted.map((a) => [a.marking.fingerprint, a.marking])).values()]);
      learnedMarkings = learned;
      const reportRows: ReportsTable[] = [];
      const byKey = new Map<string, IndicatorUpsert>();
      for (const { item, reportId, marking, lossUsd, fingerprint } of accepted) {
        const markingId = markingIdOf.get(marking.fingerprint)!;
        const openMarking = isOpenMarking(marking.marking.tlp, marking.marking.communityId);
        const occurredAt = item.occurredAt;
        reportRows.push({
          id: reportId,
          organisation_id: submitter.organisationId,
          marking_id: markingId,
          // A correction keeps who made the report, as it keeps its id and created_at (see ingestBatch).
          created_by_user_id: replace ? replace.report.created_by_user_id : submitter.userId,
          created_by_api_key_id: replace ? replace.report.created_by_api_key_id : submitter.apiKeyId,
          scam_type: item.input.scamType,
          channel: item.input.channel,
          victim_country: item.input.victimCountry,
          occurred_at: occurredAt,
          loss_amount: item.input.loss?.amount ?? null,
          loss_currency: item.input.loss?.currency ?? null,
          loss_usd: lossUsd,
          narrative: item.input.narrative ?? null,
          language: item.input.language ?? null,
          confidence: item.input.confidence,
          external_ref: item.input.externalRef ?? null,
          idempotency_key: replace ? replace.report.idempotency_key : (item.input.idempotencyKey ?? null),
          // A correction keeps what the key was first sent as: sending that again is still a duplicate.
          idempotency_fingerprint: replace ? replace.report.idempotency_fingerprint : fingerprint,
          // A correction stays a report of the upload that stored it.
          upload_id: replace ? replace.report.upload_id : (submitter.uploadId ?? null),
          status: 'active',
          version: replace ? replace.report.version + 1 : 1,
          retraction_reason: null,
          retracted_at: null,
          // Where the report came from is kept through corrections, as its author is (Submitter.sourceNode).
          source_node: submitter.sourceNode ?? (replace ? replace.report.source_node : null),
          created_at: replace ? replace.report.created_at : now,
          updated_at: now,
        });
        for (const indicator of item.indicators) {
          const current = byKey.get(indicator.key);
          if (current) {
            current.report_count += 1;
            if (occurredAt < current.first_seen_at) current.first_seen_at = occurredAt;
            if (occurredAt > current.last_seen_at) current.last_seen_at = occurredAt;
          } else {
            byKey.set(indicator.key, {
              // Named first by a report every member sees, its id may say when (a UUIDv7, which keeps new rows at
              // the end of their indexes); by a restricted one, only the day: the id is shown to viewers who
              // may not see that report (ids.ts).
              id: openMarking ? newId() : newDayId(),
              type: indicator.type,
              value: indicator.value,
              display: indicator.display,
              attributes: JSON.stringify(indicator.attributes),
              status: 'active',
              benign: indicator.benign ? 1 : 0,
              first_seen_at: occurredAt,
              last_seen_at: occurredAt,
              report_count: 1,
              created_at: now,
              updated_at: now,
            });
          }
        }
      }
      if (replace) {
        await claimUnchanged(trx, replace.report, now);
        await detachSightings(trx, replace.report.id);
        await trx.deleteFrom('reports').where('id', '=', replace.report.id).execute();
      }
      await insertReports(trx, engine, reportRows);
      const upserted = await upsertIndicators(trx, engine, inIndexOrder(byKey));
      const ids = upserted.ids;
      if (services.decayDays) await reviveExpired(trx, services.decayDays, upserted.rows, now);
      const sightings: SightingsTable[] = [];
      const reports: CommittedBatch['reports'] = [];
      accepted.forEach(({ item }, i) => {
        const row = reportRows[i]!;
        const indicatorIds: string[] = [];
        const results: ReportIndicatorResult[] = item.indicators.map((indicator) => {
          const indicatorId = ids.get(indicator.key)!;
          indicatorIds.push(indicatorId);
          sightings.push({
            report_id: row.id,
            indicator_id: indicatorId,
            role: indicator.role,
            organisation_id: row.organisation_id,
            marking_id: row.marking_id,
            victim_country: row.victim_country,
            scam_type: row.scam_type,
            occurred_at: row.occurred_at,
            loss_usd: row.loss_usd,
            benign: indicator.benign ? 1 : 0,
            created_at: now,
          });
          return { type: indicator.type, value: indicator.value, display: indicator.display, indicatorId, role: indicator.role, benign: indicator.benign, derivedFrom: indicator.derivedFrom };
        });
        outcomes[item.index] = { status: 'accepted', reportId: row.id, indicators: results };
        const fields = { version: row.version, victimCountry: row.victim_country, scamType: row.scam_type, occurredAt: row.occurred_at, lossUsd: row.loss_usd, confidence: row.confidence };
        reports.push({ id: row.id, markingId: row.marking_id, indicatorIds, fields });
      });
      await insertSightings(trx, engine, sightings.sort(byIndicatorThenReport));
      // A correction that moves the report to another marking says from which: the TAXII feed then serves
      // a withdrawal to whoever could see the version before and may not see this one (taxii/withdrawals.ts).
      const markingsMoved = (r: ReportsTable) => (replace && replace.report.marking_id !== r.marking_id ? { previous_marking_id: replace.report.marking_id, marking_id: r.marking_id } : {});
      await recordChanges(trx, reportRows.map((r) => ({ report_id: r.id, change: replace ? 'corrected' : 'created', version: r.version, at: now, ...markingsMoved(r) })), engine);
      await appendAudit(trx, engine, context, {
        action,
        targetType: 'report',
        targetId: reportRows.length === 1 ? reportRows[0]!.id : null,
        summary: {
          accepted: reportRows.length,
          duplicates: outcomes.filter((o) => o?.status === 'duplicate').length,
          rejected: outcomes.filter((o) => o?.status === 'rejected').length,
          indicators: byKey.size,
          contentSha256: batch.contentSha256,
        },
      });
      const done: CommittedBatch = { submitter, change: replace ? 'corrected' : 'created', reports, indicators: [...byKey].map(([key, r]) => ({ id: ids.get(key)!, type: r.type, value: r.value })) };
      // Last: the report row it may update is the new version's.
      await replace?.within?.(trx);
      for (const hook of services.withinTransaction ?? []) await hook(trx, done);
      return done;
    });
    for (const [fingerprint, id] of learnedMarkings) markingIds.set(fingerprint, id);
    for (const listener of services.onCommitted) listener(committed);
    return outcomes;
  }

  return { ingestBatch, ingestBatches, prepare };
}


/** How often a batch is tried when concurrent writers keep getting there first (see commitBatch). */
const COMMIT_ATTEMPTS = 5;
const IDEMPOTENCY_INDEX = { name: 'reports_idempotency_idx', table: 'reports', columns: ['organisation_id', 'idempotency_key'] } as const;

/*
 * Rows go to the database in the order of the indexes they land in at random places (an indicator's
 * (type, value), a sighting's indicator id): each index is walked in one direction rather than jumped
 * around, and concurrent batches (several server processes on one PostgreSQL) take the row locks of
 * shared indicators in the same order, so they wait for each other instead of deadlocking.
 */
function inIndexOrder(byKey: Map<string, IndicatorUpsert>): IndicatorUpsert[] {
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

function byIndicatorThenReport(a: SightingsTable, b: SightingsTable): number {
  return a.indicator_id < b.indicator_id ? -1 : a.indicator_id > b.indicator_id ? 1 : a.report_id < b.report_id ? -1 : a.report_id > b.report_id ? 1 : 0;
}

/** The role an identifier most often plays when the reporter did not say. */
function defaultRole(type: string): SightingRole {
  switch (type) {
    case 'bank_account':
    case 'crypto_wallet':
      return 'payment';
    case 'url':
    case 'domain':
    case 'app':
      return 'landing_page';
    default:
      return 'contact';
  }
}

export type IngestService = ReturnType<typeof createIngestService>;
export type { IndicatorsTable };
