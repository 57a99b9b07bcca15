import { INDICATOR_TYPES, type LINK_HOLD_REASONS } from '@gpos/contracts';
import { sql } from 'kysely';
import type { Db, Engine } from '../../db/index.js';
import { nowIso } from '../../platform/ids.js';

export type HoldReason = (typeof LINK_HOLD_REASONS)[number];

/**
 * The degree guard. An identifier shared by far more reports than is usual for its type (a public Wi-Fi
 * IP, a payment processor's collection account, a call-centre number) would glue unrelated scams into
 * one "network", so it is held back until an analyst confirms it. The threshold follows the observed
 * distribution of each type:
 *
 *   threshold(type) = max(DEGREE_FLOOR, ceil(DEGREE_MULTIPLE × p99(report_count of that type's indicators)))
 *
 * A floor keeps young platforms (few reports, tiny percentiles) from holding everything that repeats.
 * The norm is taken over the indicators that may link: warninglisted and false-positive ones are outliers
 * by nature (facebook.com, a public resolver) and never link anyway, so they do not set it. And a type
 * with fewer than P99_MIN_INDICATORS such indicators has no norm to speak of — its p99 is its largest
 * count, so the hub itself would set its own threshold (three IP addresses, one of them a public Wi-Fi
 * address in 96 reports, would give a threshold of 960) — so the floor applies to it.
 */
export const DEGREE_FLOOR = 50;
export const DEGREE_MULTIPLE = 10;
export const P99_MIN_INDICATORS = 200;
/**
 * The version of the rule above, stored with each threshold. 1: the p99 over every indicator of a type,
 * however few; 2: over those that may link, and the floor below P99_MIN_INDICATORS. Thresholds stored
 * under an older rule are recomputed when the linker starts.
 */
export const THRESHOLD_RULE = 2;

export const thresholdFromP99 = (p99: number): number => Math.max(DEGREE_FLOOR, Math.ceil(DEGREE_MULTIPLE * p99));

export interface IndicatorFacts {
  type: string;
  benign: number;
  status: string;
  reportCount: number;
  decision: string | null;
}

/**
 * Whether an indicator links, and if not why. An analyst's decision wins over everything: "does not
 * link" always holds it back, "confirmed" links it whatever the warninglists, status or degree say.
 * The incremental linker and the full rebuild both call this, so they cannot disagree on a rule.
 */
export function holdReasonOf(facts: IndicatorFacts, thresholds: ReadonlyMap<string, number>): HoldReason | null {
  if (facts.decision === 'no_link') return 'no_link';
  if (facts.decision === 'confirm_link') return null;
  if (facts.benign === 1) return 'warninglist';
  if (facts.status === 'false_positive') return 'false_positive';
  if (facts.reportCount > thresholdOf(thresholds, facts.type)) return 'high_degree';
  return null;
}

export const thresholdOf = (thresholds: ReadonlyMap<string, number>, type: string): number => thresholds.get(type) ?? DEGREE_FLOOR;

/**
 * Whether a viewer is told of a hold, given how many of the identifier's reports it may see. The degree guard
 * counts every report, hidden ones included: "held for its degree" said to a viewer who sees no more reports
 * than the threshold would tell it that reports it may not see pushed the identifier over, and when (the hold
 * appears at the crossing). So that hold is said only when the viewer's own reports exceed the threshold.
 * The other holds rest on what everyone who sees the identifier sees: a warninglist, a false-positive status,
 * an analyst's decision.
 */
export function holdShownTo(reason: HoldReason | string, visibleDegree: number, threshold: number): boolean {
  return reason !== 'high_degree' || visibleDegree > threshold;
}

export async function loadThresholds(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('link_thresholds').select(['type', 'threshold']).execute();
  return new Map(rows.map((r) => [r.type, Number(r.threshold)]));
}

/**
 * Recomputes the per-type thresholds from the indicators' report counts (one scan per type), when none
 * are stored, one was computed by an older rule, or the number of indicators has moved by a quarter since. Indicators whose linkability the
 * change flips (report count between the old and the new threshold) are queued for the linker, in the
 * caller's transaction. Returns whether they were recomputed (`force`, or due), per type whose threshold
 * changed the old and the new one (none: nothing changed), and the number of indicators counted.
 */
export async function refreshThresholds(trx: Db, engine: Engine, options: { force?: boolean } = {}): Promise<ThresholdRefresh> {
  const stored = await trx.selectFrom('link_thresholds').selectAll().execute();
  const total = Number((await trx.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const storedTotal = stored.length > 0 ? Math.min(...stored.map((r) => Number(r.indicators))) : -1;
  const outdated = stored.some((r) => Number(r.rule) < THRESHOLD_RULE);
  const due = options.force || outdated || stored.length < INDICATOR_TYPES.length || total > Math.max(1000, storedTotal * 1.25) || total < storedTotal * 0.8;
  if (!due) return { recomputed: false, changes: [], indicators: total };
  const before = new Map(stored.map((r) => [r.type, Number(r.threshold)]));
  const now = nowIso();
  const changes: ThresholdChange[] = [];
  // One scan for every type: the histogram of report counts (few distinct values) of the indicators that
  // may link, p99 read off it.
  const histogram = await trx
    .selectFrom('indicators')
    .select((eb) => ['type', 'report_count', eb.fn.countAll<number>().as('n')])
    .where('report_count', '>', 0)
    .where('benign', '=', 0)
    .where('status', '!=', 'false_positive')
    .groupBy(['type', 'report_count'])
    .execute();
  for (const type of INDICATOR_TYPES) {
    const bins = histogram.filter((h) => h.type === type).map((h) => [Number(h.report_count), Number(h.n)] as const).sort((a, b) => a[0] - b[0]);
    const n = bins.reduce((sum, [, count]) => sum + count, 0);
    let p99 = 0;
    if (n >= P99_MIN_INDICATORS) {
      // The value at 0-based position min(n - 1, floor(0.99 n)) in ascending order.
      const position = Math.min(n - 1, Math.floor(0.99 * n));
      let seen = 0;
      for (const [value, count] of bins) {
        seen += count;
        if (seen > position) {
          p99 = value;
          break;
        }
      }
    }
    const threshold = thresholdFromP99(p99);
    const old = before.get(type) ?? DEGREE_FLOOR;
    await trx
      .insertInto('link_thresholds')
      .values({ type, threshold, p99, indicators: total, computed_at: now, rule: THRESHOLD_RULE })
      .onConflict((oc) => oc.column('type').doUpdateSet({ threshold, p99, indicators: total, computed_at: now, rule: THRESHOLD_RULE }))
      .execute();
    if (old !== threshold) {
      changes.push({ type, from: old, to: threshold, p99 });
      await queueThresholdChange(trx, engine, type, old, threshold, now);
    }
  }
  return { recomputed: true, changes, indicators: total };
}

/** A type's degree threshold before and after a recomputation (the floor when none was stored), and the p99 it came from. */
export type ThresholdChange = { type: string; from: number; to: number; p99: number };
export type ThresholdRefresh = { recomputed: boolean; changes: ThresholdChange[]; indicators: number };

/**
 * Queues for the linker, in the transaction that changes a type's threshold, the indicators the change
 * concerns: those whose linkability it flips (report count between the old and the new threshold), and
 * every held indicator of the type, whose hold stores the threshold it was judged by. Lookups and the
 * indicator page read that stored threshold to say "widely shared" only to a viewer whose own reports
 * exceed it (holdShownTo): a hub above both thresholds kept the old one, so after a raise a viewer whose
 * reports lay between the two was still told that reports it may not see push the identifier over.
 */
export async function queueThresholdChange(trx: Db, engine: Engine, type: string, old: number, threshold: number, now: string): Promise<void> {
  const low = Math.min(old, threshold);
  const high = Math.max(old, threshold);
  const at = engine === 'postgres' ? sql`cast(${now} as timestamptz)` : sql`${now}`;
  await sql`insert into network_queue (kind, target_id, enqueued_at)
    select 'indicator', id, ${at} from indicators where type = ${type} and report_count > ${low} and report_count <= ${high}`.execute(trx);
  await sql`insert into network_queue (kind, target_id, enqueued_at)
    select 'indicator', h.indicator_id, ${at} from link_holds h join indicators i on i.id = h.indicator_id
    where h.type = ${type} and h.threshold <> ${threshold} and not (i.report_count > ${low} and i.report_count <= ${high})`.execute(trx);
}
