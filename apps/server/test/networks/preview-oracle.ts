import type { LinkDecisionPreview, LinkMergePreview, LinkSplitPreview, NetworkDetail } from '@gpos/contracts';
import type { Db } from '../../src/db/index.js';
import type { NetworkService } from '../../src/modules/networks/index.js';
import { KEY_INDICATOR_MIN_REPORTS } from '../../src/modules/networks/network-label-indicator.js';
import type { MemberActor } from '../../src/platform/auth/index.js';
import { AppError } from '../../src/platform/errors.js';

/**
 * The oracle of a link decision's preview (GET /indicators/{id}/link-decision-preview): the preview is asked
 * as the deciding actor right before the decision, and what the decision then did must be what it said.
 *
 * Refusals correspond exactly, by the order both take (link-decision.service.ts):
 * - a refused preview (404 for an indicator the actor sees no report of, 409 for a reserved address or for
 *   reports of it hidden from them) ⇔ the decision is refused with the same status and message;
 * - a preview saying `inForce` ⇔ the decision is refused 409 as the decision in force already, and nothing moves;
 * - any other preview ⇒ the decision is recorded.
 *
 * A recorded "does not link" (no_link): each network the preview lists is one holding reports of the
 * indicator (the actor sees all of them, or the preview is refused); its former members are in `into`
 * networks afterwards, the same one (by id) when it does not split; the pieces the actor sees a report of are
 * the `pieces`, each with the figures the actor's network page gives and `keepsId` for the one holding the
 * old id; the rest are `otherPieces`. Reports of no listed network keep their network.
 *
 * A recorded "confirm link" (confirm_link): the networks merged are those whose reports are, afterwards, in
 * the network holding the indicator's reports; `networkCount` counts them (0 and nothing moved when it does
 * not merge), `merged.networkId` is that network and one of them, `merged`'s figures are its page's as the
 * actor sees it, `mergedNetworks` lists them with the reports the actor saw of each before. Reports of no
 * network merged keep their network.
 *
 * Both: `inForce` and `links` say the decision and link stored before.
 */

type Decision = 'no_link' | 'confirm_link';
type Attempt<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * How often each kind of preview was checked (printed by the property test, to see what a run covered).
 * No piece of a split, nor network of a merge, is ever hidden from the decider: each holds a report sighting
 * the indicator (the network was joined through it), and the decider sees every such report or is refused.
 * So `otherPieces` and `otherMergedNetworks` count only what is beyond the lists' caps, which the model's
 * small worlds never reach; the oracle checks them all the same.
 */
const previewTally = { refused: 0, inForce: 0, splits: 0, noSplit: 0, merges: 0, noMerge: 0 };
type PreviewTally = typeof previewTally;

/** Starts counting: the function returned answers how many previews of each kind were checked since. */
export function countPreviewsChecked(): () => PreviewTally {
  const start = { ...previewTally };
  return () => Object.fromEntries(Object.entries(previewTally).map(([kind, n]) => [kind, n - start[kind as keyof PreviewTally]])) as PreviewTally;
}

/** Where reports and the indicator stand: every member report's network, the indicator's link, decision and reports. */
interface LinkState {
  networkOf: Map<string, string>;
  linkedTo: string | null;
  decision: string | null;
  reports: string[];
}

async function stateOf(db: Db, indicatorId: string): Promise<LinkState> {
  const members = await db.selectFrom('report_networks').select(['report_id', 'network_id']).execute();
  const linked = await db.selectFrom('indicator_networks').select('network_id').where('indicator_id', '=', indicatorId).executeTakeFirst();
  const decision = await db.selectFrom('link_decisions').select('decision').where('indicator_id', '=', indicatorId).executeTakeFirst();
  const sightings = await db.selectFrom('sightings').select('report_id').where('indicator_id', '=', indicatorId).execute();
  return { networkOf: new Map(members.map((m) => [m.report_id, m.network_id])), linkedTo: linked?.network_id ?? null, decision: decision?.decision ?? null, reports: sightings.map((s) => s.report_id) };
}

/** Refusals the platform gives on purpose are results; anything else is a failure of the test. */
async function attempt<T>(action: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error };
    throw error;
  }
}

/** A network's figures as the actor's network page (the read service the API answers with) gives them, in a preview's terms; null when it is a 404 to them. */
async function pageFigures(networks: NetworkService, actor: MemberActor, networkId: string) {
  const page = await attempt(() => networks.get(actor, networkId));
  if (!page.ok) {
    if (page.error.status === 404) return null;
    throw page.error;
  }
  return figuresOfPage(page.value);
}

function figuresOfPage(n: NetworkDetail) {
  return {
    reports: n.reports,
    indicators: n.indicators,
    reportingOrganisations: n.reportingOrganisations,
    victimCountries: n.victimCountries.length,
    lossUsdTotal: n.lossUsdTotal,
    // The page names the indicators joining two reports or more (key indicators), in the preview's order.
    keyIndicators: n.keyIndicators.slice(0, 3).map((k) => `${k.id}×${k.reports}`),
  };
}

type PreviewFigures = NonNullable<LinkMergePreview['merged']>;
function figuresOfPreview(p: Omit<PreviewFigures, 'networkId'>) {
  return {
    reports: p.reports,
    indicators: p.indicators,
    reportingOrganisations: p.reportingOrganisations,
    victimCountries: p.victimCountries,
    lossUsdTotal: p.lossUsdTotal,
    keyIndicators: p.topIndicators.filter((t) => t.reports >= KEY_INDICATOR_MIN_REPORTS).map((t) => `${t.id}×${t.reports}`),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sorted = <T>(xs: Iterable<T>) => [...xs].map((x) => JSON.stringify(x)).sort();

/** Reports that moved from one network id to another, among those `unless` does not excuse. */
function moved(before: LinkState, after: LinkState, unless: (networkId: string) => boolean): string[] {
  const out: string[] = [];
  for (const [report, network] of before.networkOf) if (!unless(network) && after.networkOf.get(report) !== network) out.push(`${report}: ${network} → ${after.networkOf.get(report) ?? 'none'}`);
  return out;
}

/** Former members of `networkId`, by the network each is in afterwards. */
function resultingNetworks(before: LinkState, after: LinkState, networkId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [report, network] of before.networkOf) {
    if (network !== networkId) continue;
    const now = after.networkOf.get(report) ?? 'none';
    out.set(now, [...(out.get(now) ?? []), report]);
  }
  return out;
}

async function splitDisagreements(networks: NetworkService, actor: MemberActor, preview: LinkSplitPreview, before: LinkState, after: LinkState): Promise<string[]> {
  const problems: string[] = [];
  // The actor sees every report of the indicator (else the preview is refused): the listed networks are all of theirs.
  const holding = new Set(before.reports.map((r) => before.networkOf.get(r)!));
  if (!same(sorted(preview.networks.map((n) => n.networkId)), sorted(holding))) problems.push(`networks listed ${preview.networks.map((n) => n.networkId).join(',')} ≠ holding its reports ${[...holding].join(',')}`);
  for (const n of preview.networks) {
    const resulting = resultingNetworks(before, after, n.networkId);
    if (n.into !== resulting.size || n.splits !== resulting.size > 1) problems.push(`${n.networkId}: previewed splits=${n.splits} into ${n.into}, its members are in ${resulting.size} networks afterwards`);
    if (resulting.size === 1 && !resulting.has(n.networkId)) problems.push(`${n.networkId}: held together but is now ${[...resulting.keys()].join(',')}`);
    if (n.splits) previewTally.splits++;
    else previewTally.noSplit++;
    if (!n.splits || resulting.size < 2) continue;
    const seen: { keepsId: boolean; figures: ReturnType<typeof figuresOfPage> }[] = [];
    for (const id of resulting.keys()) {
      const figures = await pageFigures(networks, actor, id);
      if (figures) seen.push({ keepsId: id === n.networkId, figures });
    }
    const described = n.pieces.map((p) => ({ keepsId: p.keepsId, figures: figuresOfPreview(p) }));
    if (!same(sorted(described), sorted(seen))) problems.push(`${n.networkId}: pieces previewed ${JSON.stringify(described)} ≠ networks as the actor sees them afterwards ${JSON.stringify(seen)}`);
    if (n.otherPieces !== resulting.size - seen.length) problems.push(`${n.networkId}: otherPieces ${n.otherPieces}, but ${resulting.size - seen.length} resulting networks are hidden from the actor`);
  }
  const unsplit = moved(before, after, (network) => holding.has(network));
  if (unsplit.length > 0) problems.push(`reports of networks not listed moved: ${unsplit.join('; ')}`);
  return problems;
}

async function mergeDisagreements(networks: NetworkService, actor: MemberActor, preview: LinkMergePreview, before: LinkState, after: LinkState, seenBefore: Map<string, number>): Promise<string[]> {
  const problems: string[] = [];
  const holdingAfter = new Set(before.reports.map((r) => after.networkOf.get(r) ?? 'none'));
  if (!preview.merges) {
    previewTally.noMerge++;
    if (preview.networkCount !== 0 || preview.merged !== null || preview.mergedNetworks.length > 0 || preview.otherMergedNetworks !== 0) problems.push('merges nothing, but names networks');
    const any = moved(before, after, () => false);
    if (any.length > 0) problems.push(`previewed no merge, but reports moved: ${any.join('; ')}`);
    return problems;
  }
  previewTally.merges++;
  const target = preview.merged!.networkId;
  if (!same([...holdingAfter], [target])) problems.push(`previewed merged into ${target}, its reports are in ${[...holdingAfter].join(',')} afterwards`);
  if (after.linkedTo !== target) problems.push(`previewed merged into ${target}, it links ${after.linkedTo ?? 'nothing'} afterwards`);
  const merged = new Set([...before.networkOf].filter(([report]) => after.networkOf.get(report) === target).map(([, network]) => network));
  if (preview.networkCount !== merged.size) problems.push(`networkCount ${preview.networkCount}, ${merged.size} networks merged (${[...merged].join(',')})`);
  if (!merged.has(target)) problems.push(`the merged network ${target} is none of those merged (${[...merged].join(',')})`);
  const others = moved(before, after, (network) => merged.has(network));
  if (others.length > 0) problems.push(`reports of networks not merged moved: ${others.join('; ')}`);
  const page = await pageFigures(networks, actor, target);
  const { networkId: _, ...figures } = preview.merged!;
  if (!same(figuresOfPreview(figures), page)) problems.push(`merged previewed ${JSON.stringify(figuresOfPreview(figures))} ≠ ${target} as the actor sees it afterwards ${JSON.stringify(page)}`);
  const listed = [...merged].filter((id) => (seenBefore.get(id) ?? 0) > 0).map((id) => ({ networkId: id, reports: seenBefore.get(id)! }));
  if (!same(sorted(preview.mergedNetworks), sorted(listed))) problems.push(`mergedNetworks ${JSON.stringify(preview.mergedNetworks)} ≠ merged ones the actor saw before ${JSON.stringify(listed)}`);
  if (preview.otherMergedNetworks !== merged.size - listed.length) problems.push(`otherMergedNetworks ${preview.otherMergedNetworks}, ${merged.size - listed.length} merged networks hidden from the actor`);
  if (preview.mergedNetworks[0]?.networkId !== target && listed.some((n) => n.networkId === target)) problems.push('mergedNetworks does not list the one keeping its id first');
  return problems;
}

/** The reports the actor sees of each network holding the indicator's reports, from their pages (before a merge). */
async function seenOfNetworks(networks: NetworkService, actor: MemberActor, state: LinkState): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const id of new Set(state.reports.map((r) => state.networkOf.get(r)!))) seen.set(id, (await pageFigures(networks, actor, id))?.reports ?? 0);
  return seen;
}

/**
 * Asks the preview of `decision` on the indicator as `actor`, then records it (`decide`), and checks that
 * the decision did what the preview said (see above); throws a plain Error listing every disagreement.
 * Otherwise answers as the decision does: its refusal (an AppError) is thrown again, for the caller to treat as a refusal.
 */
export async function decideAsPreviewed(db: Db, networks: NetworkService, actor: MemberActor, indicatorId: string, decision: Decision, decide: () => Promise<unknown>): Promise<void> {
  const previewed = await attempt<LinkDecisionPreview>(() => networks.preview(actor, indicatorId, decision));
  // Read after the preview: it lets the linker apply what is queued first, as the decision does.
  const before = await stateOf(db, indicatorId);
  const seenBefore = previewed.ok && decision === 'confirm_link' && previewed.value.decision === 'confirm_link' && previewed.value.merges ? await seenOfNetworks(networks, actor, before) : new Map<string, number>();
  const decided = await attempt(decide);
  const after = await stateOf(db, indicatorId);
  const problems: string[] = [];
  if (!previewed.ok) {
    previewTally.refused++;
    const { status, message } = previewed.error;
    if (decided.ok) problems.push(`the preview was refused (${status} ${message}), the decision was recorded`);
    else if (decided.error.status !== status || decided.error.message !== message) problems.push(`the preview was refused (${status} ${message}), the decision otherwise (${decided.error.status} ${decided.error.message})`);
  } else {
    const preview = previewed.value;
    if (preview.decision !== decision || preview.indicatorId !== indicatorId) problems.push(`a preview of ${preview.decision} on ${preview.indicatorId}`);
    if (preview.inForce !== (before.decision === decision)) problems.push(`inForce ${preview.inForce}, the decision in force was ${before.decision ?? 'none'}`);
    if (preview.links !== (before.linkedTo !== null)) problems.push(`links ${preview.links}, it was linked to ${before.linkedTo ?? 'nothing'}`);
    if (preview.inForce) {
      previewTally.inForce++;
      // Recording the decision in force is refused (409, naming the event in force), and nothing changes.
      if (decided.ok) problems.push('the preview said inForce, the decision was recorded again');
      else if (decided.error.status !== 409 || !decided.error.message.includes('is the decision in force on this identifier already')) problems.push(`the preview said inForce, the decision was refused otherwise (${decided.error.status} ${decided.error.message})`);
      const any = moved(before, after, () => false);
      if (any.length > 0) problems.push(`a decision in force already moved reports: ${any.join('; ')}`);
    } else if (!decided.ok) {
      problems.push(`the preview answered, the decision was refused (${decided.error.status} ${decided.error.message})`);
    } else if (preview.decision === 'no_link') {
      problems.push(...(await splitDisagreements(networks, actor, preview, before, after)));
    } else {
      problems.push(...(await mergeDisagreements(networks, actor, preview, before, after, seenBefore)));
    }
  }
  if (problems.length > 0) {
    const said = previewed.ok ? JSON.stringify(previewed.value) : `refused ${previewed.error.status}`;
    throw new Error(`the preview of ${decision} on ${indicatorId} (as ${actor.organisationId}) disagrees with the decision:\n- ${problems.join('\n- ')}\npreview: ${said}`);
  }
  if (!decided.ok) throw decided.error;
}
