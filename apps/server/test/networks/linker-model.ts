import { createReportSchema, type IndicatorType } from '@gpos/contracts';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence.js';
import { createAccessRequestService } from '../../src/modules/access-requests/index.js';
import { normaliseIndicator } from '../../src/modules/indicators/normalise/index.js';
import { createNetworkService, DEGREE_FLOOR, type NetworkService } from '../../src/modules/networks/index.js';
import { holdReasonOf, queueThresholdChange, thresholdOf } from '../../src/modules/networks/link-policy.js';
import { createOrganisationService } from '../../src/modules/organisations/index.js';
import { CredentialCache, OPERATOR, type ApiKeyActor } from '../../src/platform/auth/index.js';
import type { ServerDeps } from '../../src/platform/context.js';
import { AppError } from '../../src/platform/errors.js';
import { newId, nowIso } from '../../src/platform/ids.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';
import { decideAsPreviewed } from './preview-oracle.js';
import { expectLinkedAsRebuilt } from './stored-state.js';

/**
 * A model-based randomized test of the incremental linker: random sequences of what changes links —
 * reports filed (every marking, by organisations of three countries), retracted and corrected; analysts'
 * "does not link", "confirm link" (of any identifier, and of one the review queue holds) and their undo; an identifier marked false positive and back; a type's
 * degree threshold lowered so that identifiers are held, and raised again; a warninglist entry that makes
 * an identifier benign, and its removal; an organisation's new country — over a small pool of identifiers,
 * so that reports collide and networks merge and split. After every step the linker settles, and the stored
 * state must be what a full rebuild computes (the partition, the linked indicators, every network row and
 * counter), with the review queue's holds, the indicators' report counts and the reports' memberships
 * recounted from scratch. Every decision is previewed first, as its actor, and must do what the preview
 * said (preview-oracle.ts).
 *
 * Every sequence starts from an empty world (a database of its own, or one emptied of the last sequence's
 * world), so a shrunk counterexample replays alone. The property is linker-model.property.test.ts; what it
 * found replays in linker-model.regressions.test.ts.
 */

const COUNTRIES = ['TH', 'KH', 'PH'] as const;
const MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED', 'AMBER-community'] as const;
type MarkingKind = (typeof MARKINGS)[number];

/** The pool's identifiers: phones and wallets (neither derives another indicator at ingest). */
const poolEntry = (i: number): { type: IndicatorType; value: string } =>
  i % 3 === 2 ? { type: 'crypto_wallet', value: `0x${(0xabc000 + i).toString(16).padStart(40, '0')}` } : { type: 'phone', value: `+66 81 555 ${String(1000 + i)}` };

export type Step =
  | { op: 'ingest'; org: number; marking: MarkingKind; pool: number[]; days: number; loss: number | null; victim: number; scam: number }
  | { op: 'retract'; report: number }
  /** The random steps keep the report's victim country and scam type and a loss of USD 50; a regression may change them (`currency`: the loss's). */
  | { op: 'correct'; report: number; marking: MarkingKind | null; pool: number[]; days: number; loss?: number | null; currency?: string; victim?: number; scam?: number }
  | { op: 'decide'; indicator: number; decision: 'no_link' | 'confirm_link'; org: number }
  | { op: 'confirmHeld'; nth: number; org: number }
  | { op: 'undo'; indicator: number; via: boolean; org: number }
  | { op: 'status'; indicator: number; status: 'false_positive' | 'active'; org: number }
  | { op: 'threshold'; type: 'phone' | 'crypto_wallet'; threshold: number }
  | { op: 'warninglist'; indicator: number; add: boolean }
  | { op: 'country'; org: number; country: string };

const pick = (max: number) => fc.nat({ max: max - 1 });
const poolSubset = (pool: number) => fc.uniqueArray(pick(pool), { minLength: 1, maxLength: 3 });
const marking = fc.constantFrom<MarkingKind>(...MARKINGS);

export const stepArbitrary = (pool: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant('ingest' as const), org: pick(3), marking, pool: poolSubset(pool), days: fc.integer({ min: 1, max: 150 }), loss: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }), victim: pick(4), scam: pick(3) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('retract' as const), report: fc.nat(50) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('correct' as const), report: fc.nat(50), marking: fc.option(marking, { nil: null }), pool: poolSubset(pool), days: fc.integer({ min: 1, max: 150 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('decide' as const), indicator: pick(pool), decision: fc.constantFrom('no_link' as const, 'confirm_link' as const), org: pick(3) }) },
    // A random identifier is seldom held, so a random "confirm link" seldom merges anything: this one picks
    // among the review queue's holds as they stand when the step runs.
    { weight: 2, arbitrary: fc.record({ op: fc.constant('confirmHeld' as const), nth: fc.nat(20), org: pick(3) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('undo' as const), indicator: pick(pool), via: fc.boolean(), org: pick(3) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('status' as const), indicator: pick(pool), status: fc.constantFrom('false_positive' as const, 'active' as const), org: pick(3) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('threshold' as const), type: fc.constantFrom('phone' as const, 'crypto_wallet' as const), threshold: fc.constantFrom(1, 2, 3, 50) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('warninglist' as const), indicator: pick(pool), add: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('country' as const), org: pick(3), country: fc.constantFrom('TH', 'KH', 'PH', 'VN') }) },
  );

/** Three organisations of three countries (two of them in a community), and an admin warninglist. */
export class LinkWorld {
  private constructor(
    readonly engine: ServerDeps['engine'],
    private readonly database: TestDatabase,
    readonly deps: ServerDeps,
    readonly intelligence: Intelligence,
    private readonly networks: NetworkService,
    private readonly organisations: { id: string; country: string; type: 'bank' | 'law_enforcement' }[],
    private readonly communityId: string,
    private readonly warninglistId: string,
    private readonly owned: boolean,
  ) {}

  /** Reports filed so far (by step), whether still active, and the organisation that owns each. */
  readonly reports: { id: string; org: number; active: boolean }[] = [];
  readonly log: string[] = [];
  private readonly context = { actor: OPERATOR, requestId: 'linkfuzz' };

  /**
   * A world on `database`, emptied first of everything but what the platform installs once (migrations,
   * currency rates, built-in warninglists, secrets, settings, the linker's lock row and thresholds, reset to
   * the floor): as good as a fresh database, for a fraction of its cost (a migrated PostgreSQL schema takes
   * most of a second). Without `database`, a fresh one of its own, dropped on close.
   */
  static async open(engine: ServerDeps['engine'], shared?: TestDatabase): Promise<LinkWorld> {
    const database = shared ?? (await createTestDatabase(engine));
    if (shared) await wipe(database, engine);
    const deps: ServerDeps = { db: database.handle.db, engine, handle: database.handle, config: loadConfig({ LOG_LEVEL: 'silent' }), credentialCache: new CredentialCache() };
    const intelligence = await createIntelligence(deps);
    const networks = createNetworkService(deps, intelligence.networkLinker, createAccessRequestService(deps));
    const now = nowIso();
    const organisations = COUNTRIES.map((country, i) => ({ id: newId(), country: country as string, type: i === 1 ? ('law_enforcement' as const) : ('bank' as const) }));
    await deps.db.insertInto('organisations').values(organisations.map((o) => ({ id: o.id, name: `Org ${o.country} ${o.id.slice(-6)}`, short_name: null, type: o.type, country: o.country, status: 'active', joined_at: now, created_at: now, updated_at: now }))).execute();
    const communityId = newId();
    await deps.db.insertInto('communities').values({ id: communityId, name: 'Mekong', name_key: 'mekong', description: null, owner_organisation_id: organisations[0]!.id, created_at: now, updated_at: now }).execute();
    await deps.db.insertInto('community_members').values([0, 1].map((i) => ({ community_id: communityId, organisation_id: organisations[i]!.id }))).execute();
    const list = await intelligence.warninglists.create({ actor: OPERATOR, requestId: 'linkfuzz' }, { name: 'linkfuzz' });
    return new LinkWorld(engine, database, deps, intelligence, networks, organisations, communityId, list.id, shared === undefined);
  }

  async close(): Promise<void> {
    await this.intelligence.networkLinker.stop();
    await this.intelligence.closeWorkers();
    if (this.owned) await this.database.drop();
  }

  private actorOf(org: number): ApiKeyActor {
    const o = this.organisations[org % 3]!;
    return { kind: 'api_key', apiKeyId: newId(), scopes: ['read', 'write'], organisationId: o.id, organisationType: o.type, organisationCountry: o.country };
  }

  private markingOf(kind: MarkingKind, org: number) {
    // RED for the owner's and the next organisation (the owner's API key sees it then, so it can retract and correct it).
    if (kind === 'RED') return { tlp: 'RED', redRecipientScope: 'organisations', recipientOrganisationIds: [this.organisations[org % 3]!.id, this.organisations[(org + 1) % 3]!.id] };
    if (kind === 'AMBER-community') return { tlp: 'AMBER', communityId: this.communityId };
    return { tlp: kind };
  }

  private input(org: number, kind: MarkingKind, pool: number[], days: number, loss: number | null, victim: number, scam: number) {
    // A community marking is only for its members (organisations 0 and 1): the third files AMBER.
    const marking = kind === 'AMBER-community' && org % 3 === 2 ? 'AMBER' : kind;
    return createReportSchema.parse({
      scamType: ['investment', 'romance', 'job'][scam],
      channel: 'messaging_app',
      victimCountry: ['TH', 'KH', 'VN', 'PH'][victim],
      occurredAt: new Date(Date.now() - days * 86_400_000).toISOString(),
      ...(loss === null ? {} : { loss: { amount: loss * 100, currency: 'USD' } }),
      confidence: 40 + ((days * 7) % 60),
      marking: this.markingOf(marking, org),
      indicators: pool.map(poolEntry),
    });
  }

  /** The stored id of the pool's identifier, once a report named it. */
  async indicatorId(i: number): Promise<string | undefined> {
    const raw = poolEntry(i);
    const result = normaliseIndicator(raw, { reporterCountry: 'TH' });
    if (!result.ok) throw new Error(`pool entry ${i} does not normalise`);
    return (await this.deps.db.selectFrom('indicators').select('id').where('type', '=', result.indicator.type).where('value', '=', result.indicator.value).executeTakeFirst())?.id;
  }

  private activeReport(n: number) {
    const active = this.reports.filter((r) => r.active);
    return active.length === 0 ? undefined : active[n % active.length];
  }

  /**
   * An action refused for a reason the platform gives on purpose (a decider who may not see every report,
   * the decision already in force, nothing to undo): the step does nothing. Anything else fails the test.
   */
  private async refusable(what: string, action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      this.log.push(`${what}: done`);
      return true;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'conflict' || error.code === 'not_found')) {
        this.log.push(`${what}: refused (${error.message.slice(0, 80)})`);
        return false;
      }
      throw error;
    }
  }

  /** Tries each organisation in turn from `org`, as an analyst of another one would, until one may act. */
  private async byAnyone(what: string, org: number, action: (actor: ApiKeyActor) => Promise<unknown>): Promise<void> {
    for (let k = 0; k < 3; k++) if (await this.refusable(`${what} by org ${(org + k) % 3}`, () => action(this.actorOf(org + k)))) return;
  }

  async apply(step: Step): Promise<void> {
    const { intelligence, deps } = this;
    switch (step.op) {
      case 'ingest': {
        const o = this.organisations[step.org]!;
        const [outcome] = await intelligence.ingest.ingestBatch({ organisationId: o.id, organisationCountry: o.country, userId: null, apiKeyId: null }, this.context, [this.input(step.org, step.marking, step.pool, step.days, step.loss, step.victim, step.scam)], 'test.ingest');
        if (outcome?.status !== 'accepted') throw new Error(`ingest refused: ${JSON.stringify(outcome)}`);
        this.reports.push({ id: outcome.reportId, org: step.org, active: true });
        this.log.push(`ingest r${this.reports.length - 1}`);
        return;
      }
      case 'retract': {
        const r = this.activeReport(step.report);
        if (!r) return;
        await intelligence.reports.retract(this.actorOf(r.org), this.context, r.id, 'linkfuzz');
        r.active = false;
        this.log.push(`retract r${this.reports.indexOf(r)}`);
        return;
      }
      case 'correct': {
        const r = this.activeReport(step.report);
        if (!r) return;
        const before = await deps.db.selectFrom('reports').select(['victim_country', 'scam_type']).where('id', '=', r.id).executeTakeFirstOrThrow();
        const kind = step.marking ?? 'GREEN';
        const victim = step.victim ?? ['TH', 'KH', 'VN', 'PH'].indexOf(before.victim_country);
        const input = this.input(r.org, kind, step.pool, step.days, step.loss === undefined ? 50 : step.loss, victim, step.scam ?? ['investment', 'romance', 'job'].indexOf(before.scam_type));
        if (step.currency && input.loss) input.loss = { ...input.loss, currency: step.currency };
        try {
          await intelligence.reports.correct(this.actorOf(r.org), this.context, r.id, input);
        } catch (error) {
          // A RED report is widened by the person who made it only, and these were made by no one.
          const errors = error instanceof AppError ? (error.details.errors ?? []) : [];
          if (!errors.some((e) => e.code === 'report.marking_wider_than_red' || e.code === 'report.marking_reaches_beyond_red')) throw error;
          this.log.push(`correct r${this.reports.indexOf(r)}: refused (RED kept)`);
          return;
        }
        this.log.push(`correct r${this.reports.indexOf(r)}`);
        return;
      }
      case 'decide': {
        const id = await this.indicatorId(step.indicator);
        if (!id) return;
        // Each try asks the preview first, as the deciding actor, and checks the decision did what it said (preview-oracle.ts).
        await this.byAnyone(`decide ${step.decision} i${step.indicator}`, step.org, (actor) =>
          decideAsPreviewed(deps.db, this.networks, actor, id, step.decision, () => this.networks.decide(actor, this.context, id, step.decision, 'linkfuzz')),
        );
        return;
      }
      case 'confirmHeld': {
        const held = await deps.db.selectFrom('link_holds').select('indicator_id').orderBy('indicator_id').execute();
        if (held.length === 0) return;
        const id = held[step.nth % held.length]!.indicator_id;
        await this.byAnyone(`confirm held ${id.slice(-6)}`, step.org, (actor) =>
          decideAsPreviewed(deps.db, this.networks, actor, id, 'confirm_link', () => this.networks.decide(actor, this.context, id, 'confirm_link', 'linkfuzz')),
        );
        return;
      }
      case 'undo': {
        const id = await this.indicatorId(step.indicator);
        if (!id) return;
        const current = await deps.db.selectFrom('link_decisions').select(['event_id', 'decision']).where('indicator_id', '=', id).executeTakeFirst();
        if (!current) return;
        let eventId = current.event_id;
        if (step.via) {
          // A split a "does not link" made, or a merge a "confirm link" let happen: undoing it undoes the decision.
          const kind = current.decision === 'no_link' ? 'split' : 'merge';
          const consequence = await deps.db.selectFrom('network_events').select('id').where('indicator_id', '=', id).where('kind', '=', kind).where('undone_at', 'is', null).orderBy('at', 'desc').executeTakeFirst();
          if (consequence) eventId = consequence.id;
        }
        if (eventId) await this.byAnyone(`undo${step.via ? ' via' : ''} i${step.indicator}`, step.org, (actor) => this.networks.undo(actor, this.context, eventId, 'linkfuzz'));
        return;
      }
      case 'status': {
        const id = await this.indicatorId(step.indicator);
        if (!id) return;
        await this.byAnyone(`status ${step.status} i${step.indicator}`, step.org, (actor) => intelligence.indicators.setStatus(actor, this.context, id, step.status, 'linkfuzz'));
        return;
      }
      case 'threshold':
        await this.setThreshold(step.type, step.threshold);
        this.log.push(`threshold ${step.type} ${step.threshold}`);
        return;
      case 'warninglist': {
        const entry = poolEntry(step.indicator);
        if (step.add) await intelligence.warninglists.addEntries(this.context, this.warninglistId, [entry]);
        else await this.refusable(`warninglist remove i${step.indicator}`, () => intelligence.warninglists.removeEntry(this.context, this.warninglistId, entry));
        this.log.push(`warninglist ${step.add ? 'add' : 'remove'} i${step.indicator}`);
        return;
      }
      case 'country':
        await createOrganisationService(deps, intelligence.organisationHooks).update(this.context, this.organisations[step.org]!.id, { country: step.country });
        this.log.push(`country org ${step.org} ${step.country}`);
        return;
    }
  }

  /**
   * A type's degree threshold set, as `refreshThresholds` writes one (its p99 rule cannot go below 50), with
   * what the change concerns queued for the linker in the same transaction, as it queues it.
   */
  async setThreshold(type: string, threshold: number): Promise<void> {
    await this.intelligence.networkLinker.withLock(async (trx) => {
      const old = Number((await trx.selectFrom('link_thresholds').select('threshold').where('type', '=', type).executeTakeFirstOrThrow()).threshold);
      await trx.updateTable('link_thresholds').set({ threshold }).where('type', '=', type).execute();
      if (old !== threshold) await queueThresholdChange(trx, this.engine, type, old, threshold, nowIso());
    });
    this.intelligence.networkLinker.kick();
  }

  /** The linker settled: its state is a full rebuild's, and what it keeps beside it is recounted. */
  async check(): Promise<void> {
    const { db, engine } = this.deps;
    await expectLinkedAsRebuilt(db, engine, this.intelligence.networkLinker);
    // Every active report in exactly one network, no retracted one in any.
    const members = new Map((await db.selectFrom('report_networks').select(['report_id', 'network_id']).execute()).map((m) => [m.report_id, m.network_id]));
    // Every member row holds what its report holds now (a correction's loss in USD, victim country, marking…):
    // the network's figures are recomputed from these rows above, so a stale row would pass unseen there.
    const memberFacts = await db
      .selectFrom('report_networks as m')
      .innerJoin('reports as r', 'r.id', 'm.report_id')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select(['m.report_id', 'm.version', 'm.marking_id', 'm.organisation_country', 'm.victim_country', 'm.scam_type', 'm.occurred_at', 'm.loss_usd', 'm.confidence'])
      .select(['r.version as r_version', 'r.marking_id as r_marking_id', 'o.country as r_country', 'r.victim_country as r_victim_country', 'r.scam_type as r_scam_type', 'r.occurred_at as r_occurred_at', 'r.loss_usd as r_loss_usd', 'r.confidence as r_confidence'])
      .execute();
    const asNumber = (v: number | string | null) => (v === null ? null : Number(v));
    for (const m of memberFacts) {
      const stored = [Number(m.version), m.marking_id, m.organisation_country, m.victim_country, m.scam_type, new Date(m.occurred_at).toISOString(), asNumber(m.loss_usd), Number(m.confidence)];
      const report = [Number(m.r_version), m.r_marking_id, m.r_country, m.r_victim_country, m.r_scam_type, new Date(m.r_occurred_at).toISOString(), asNumber(m.r_loss_usd), Number(m.r_confidence)];
      expect(stored, `member row of ${m.report_id}`).toEqual(report);
    }
    for (const r of this.reports) expect(members.has(r.id), `r${this.reports.indexOf(r)} (${r.active ? 'active' : 'retracted'}) in a network`).toBe(r.active);
    // Report counts are the sightings' (live reports only), and the review queue holds exactly what the
    // policy holds among identifiers of two reports or more, with their degree and threshold.
    const sighted = new Map((await db.selectFrom('sightings').select((eb) => ['indicator_id', eb.fn.countAll<number>().as('n')]).groupBy('indicator_id').execute()).map((s) => [s.indicator_id, Number(s.n)]));
    const indicators = await db.selectFrom('indicators as i').leftJoin('link_decisions as d', 'd.indicator_id', 'i.id').select(['i.id', 'i.type', 'i.benign', 'i.status', 'i.report_count', 'd.decision']).execute();
    const thresholds = new Map((await db.selectFrom('link_thresholds').select(['type', 'threshold']).execute()).map((t) => [t.type, Number(t.threshold)]));
    const expectedHolds: Record<string, string> = {};
    const counts: Record<string, string> = {};
    for (const i of indicators) {
      counts[i.id] = `${Number(i.report_count)}`;
      const reason = holdReasonOf({ type: i.type, benign: Number(i.benign), status: i.status, reportCount: Number(i.report_count), decision: i.decision }, thresholds);
      if (reason && Number(i.report_count) >= 2) expectedHolds[i.id] = `${reason} ${Number(i.report_count)}/${thresholdOf(thresholds, i.type)}`;
    }
    const wrong = differencesOf(counts, Object.fromEntries(indicators.map((i) => [i.id, `${sighted.get(i.id) ?? 0}`])));
    if (wrong.length > 0) throw new Error(`report counts ≠ live sightings: ${wrong.join('; ')}`);
    const holds = await db.selectFrom('link_holds').select(['indicator_id', 'reason', 'degree', 'threshold']).execute();
    const heldWrong = differencesOf(Object.fromEntries(holds.map((h) => [h.indicator_id, `${h.reason} ${Number(h.degree)}/${Number(h.threshold)}`])), expectedHolds);
    if (heldWrong.length > 0) throw new Error(`holds (stored ≠ policy): ${heldWrong.join('; ')}`);
  }
}

/** Tables a world keeps (installed once, or the linker's own singletons); every other table is emptied. */
// The audit chain is kept whole (its head names the last entry).
const KEPT = new Set(['kysely_migration', 'kysely_migration_lock', 'data_migrations', 'fx_rates', 'warninglists', 'warninglist_entries', 'platform_secrets', 'settings', 'network_meta', 'link_thresholds', 'job_turns', 'audit_events', 'audit_head']);

async function wipe(database: TestDatabase, engine: ServerDeps['engine']): Promise<void> {
  const { db } = database.handle;
  if (engine === 'postgres') {
    const tables = (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)).rows.map((r) => r.name).filter((t) => !KEPT.has(t));
    // Deletes (a truncate of forty tables takes a fifth of a second): referencing tables first, found by trying.
    let left = tables;
    while (left.length > 0) {
      const refused: string[] = [];
      for (const t of left) await sql`delete from ${sql.table(t)}`.execute(db).catch(() => refused.push(t));
      if (refused.length === left.length) throw new Error(`cannot empty ${refused.join(', ')}`);
      left = refused;
    }
  } else {
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows.map((r) => r.name).filter((t) => !KEPT.has(t));
    await sql`pragma foreign_keys = off`.execute(db);
    for (const t of tables) await sql`delete from ${sql.table(t)}`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
  }
  await db.deleteFrom('warninglist_entries').where('warninglist_id', 'in', db.selectFrom('warninglists').select('id').where('source', '=', 'admin')).execute();
  await db.deleteFrom('warninglists').where('source', '=', 'admin').execute();
  await db.updateTable('link_thresholds').set({ threshold: DEGREE_FLOOR }).execute();
}

/** Keys whose values differ, as `key: stored ≠ expected`. */
function differencesOf(stored: Record<string, string>, expected: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(stored), ...Object.keys(expected)]);
  return [...keys].filter((k) => stored[k] !== expected[k]).map((k) => `${k}: ${stored[k] ?? 'none'} ≠ ${expected[k] ?? 'none'}`);
}

/** Runs one sequence on a fresh world, checking after every step; the world is closed whatever happens. */
export async function runSequence(engine: ServerDeps['engine'], steps: readonly Step[], shared?: TestDatabase): Promise<void> {
  const world = await LinkWorld.open(engine, shared);
  try {
    for (const step of steps) {
      try {
        // A step checks what it can as it goes (a decision against its preview), then the state against a rebuild.
        await world.apply(step);
        await world.check();
      } catch (error) {
        throw new Error(`after ${JSON.stringify(step)}\n${world.log.join('\n')}\n${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await world.close();
  }
}
