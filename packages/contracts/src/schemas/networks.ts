import { z } from 'zod';
import { INDICATOR_TYPES } from '../indicator-types.js';
import { LIMITS } from '../limits.js';
import { countryCodeSchema, idSchema, isoDateTimeSchema, pageQuerySchema, queryWholeNumberSchema } from './common.js';
import { SCAM_TYPES } from './reports.js';

/**
 * Networks: connected sets of reports joined by shared (linkable) indicators. Everything a viewer gets
 * is computed over the reports they may see; the rest counts only as a hint: how many reports, from how
 * many organisations, of which kinds and in which countries — never content (issue 4, "Sharing").
 */

export const NETWORK_GRAPH_NODE_KINDS = ['report', 'indicator'] as const;
export const NETWORK_EVENT_KINDS = ['merge', 'split', 'no_link', 'confirm_link', 'undo'] as const;
/** Why an indicator is held back from linking until an analyst decides. */
export const LINK_HOLD_REASONS = ['warninglist', 'false_positive', 'high_degree', 'no_link'] as const;

/** The largest `minReports` filter: more reports than any network holds, so a bound, not a policy. */
export const MIN_REPORTS_MAX = 1_000_000;

export const listNetworksQuerySchema = pageQuerySchema.extend({
  /** Victim or reporting country. */
  country: countryCodeSchema.optional(),
  scamType: z.enum(SCAM_TYPES).optional(),
  indicatorType: z.enum(INDICATOR_TYPES).optional(),
  minReports: queryWholeNumberSchema(1, MIN_REPORTS_MAX),
  activeSince: isoDateTimeSchema.optional(),
  crossBorder: z.enum(['true', 'false']).optional(),
  /** Only the network holding this report (when you may see the report); without `minReports`, even a lone report's. */
  report: idSchema.optional(),
});
export type ListNetworksQuery = z.infer<typeof listNetworksQuerySchema>;

/**
 * Reports of the network the viewer may not see: "N more reports from K partner organisations", with who
 * holds them (each kind of organisation and country once; empty when there are none) and the way to ask
 * them for access. Never what the reports say or which identifiers they name. (An identifier's lookup
 * says less: a hidden hit has no count, as an identifier's reports would date and size one case.)
 */
export const networkHiddenSchema = z.object({
  /** How many of the network's reports the viewer may not see. */
  reports: z.number().int(),
  /** How many organisations hold them. */
  organisations: z.number().int(),
  holders: z.array(z.object({ organisationType: z.string(), country: z.string() })),
  /** Ask the holders for access (stored as an access request that the cooperation module routes). */
  accessRequest: z.object({ method: z.literal('POST'), href: z.string() }).nullable(),
});

/**
 * Why a link decision on an indicator (or the undo of one) would be refused to you, so that a client offers
 * none: `hidden_reports` — partners hold reports of it you may not see, and how it links their reports is
 * theirs to decide too (ask for access); `reserved_address` — a private or reserved IP address, or a URL on
 * one, names no one and never links, by rule. Null: the decision is yours to make.
 */
export const DECISION_REFUSALS = ['hidden_reports', 'reserved_address'] as const;
export const decisionRefusedSchema = z.enum(DECISION_REFUSALS).nullable();

export const networkKeyIndicatorSchema = z.object({
  id: idSchema,
  type: z.enum(INDICATOR_TYPES),
  display: z.string(),
  /** Visible reports this indicator joins, and their victim countries. */
  reports: z.number().int(),
  countries: z.array(z.string()),
  decisionRefused: decisionRefusedSchema,
});

export const networkSummarySchema = z.object({
  id: idSchema,
  /** The documented "big fish" score (README: Networks → ranking); higher ranks first. */
  score: z.number(),
  reports: z.number().int(),
  indicators: z.number().int(),
  indicatorsByType: z.record(z.string(), z.number().int()),
  victimCountries: z.array(z.string()),
  reportingOrganisations: z.number().int(),
  reportingCountries: z.array(z.string()),
  scamTypes: z.array(z.enum(SCAM_TYPES)),
  lossUsdTotal: z.number().int(),
  lossUsdMedian: z.number().int(),
  firstActivity: z.string().nullable(),
  lastActivity: z.string().nullable(),
  growth7d: z.number().int(),
  growth30d: z.number().int(),
  crossBorder: z.boolean(),
  /** Reports per week over the last 12 weeks, oldest first (the list's sparkline). */
  activity: z.array(z.number().int()).max(52),
  /**
   * The identifier the network is called by ("Network around …"): the linked identifier that the most of the
   * reports you may see name — at least two; ties to the smaller id — the same in the list and on the
   * network's page (its first key indicator). Null when none joins two of them.
   */
  labelIndicator: z.object({ id: idSchema, type: z.enum(INDICATOR_TYPES), display: z.string() }).nullable(),
  hidden: networkHiddenSchema,
});
export type NetworkSummary = z.infer<typeof networkSummarySchema>;

export const networkDetailSchema = networkSummarySchema.extend({
  keyIndicators: z.array(networkKeyIndicatorSchema).max(50),
  /** Victim and reporting countries with counts, for the world map. */
  countryCounts: z.array(z.object({ country: z.string(), victims: z.number().int(), reports: z.number().int() })),
  history: z.array(
    z.object({
      id: idSchema,
      kind: z.enum(NETWORK_EVENT_KINDS),
      indicatorId: idSchema.nullable(),
      /** How the indicator reads (its display form), when the viewer may see it: named even once unlinked. */
      indicatorDisplay: z.string().nullable(),
      /**
       * Why the platform did it, as a code a client can say in its language (`shared_indicator`,
       * `report_removed`, `organisation_country`, a hold reason, `analyst` for a person's decision,
       * `decision_undone` for a merge that rejoins what an undone "does not link" kept apart, `link_confirmed`
       * for one through an identifier an analyst confirmed links).
       */
      cause: z.string().nullable(),
      /** A person's reason in their words; else the cause in English. */
      reason: z.string().nullable(),
      actor: z.string().nullable(),
      at: z.string(),
      undone: z.boolean(),
      /** A split's other pieces that the viewer may see a report of: where the reports that left went. */
      splitInto: z.array(idSchema).max(10),
      /**
       * How many networks a split made, the network it left included; or how many networks a merge made one,
       * the one that took the others included (null for decisions). One split is one item, however many of
       * its pieces a later merge (an undo) brought back into this network; a merge of several networks at
       * once is one item per network absorbed, each saying 2 when it absorbed one.
       */
      pieces: z.number().int().min(2).nullable(),
      /** Why undoing it (a decision's event) or deciding again on its indicator would be refused to you. */
      decisionRefused: decisionRefusedSchema,
      /** The indicator's type, when it is named (so a client can say "the phone number …"). */
      indicatorType: z.enum(INDICATOR_TYPES).nullable(),
      /** An undo's: the kind of decision it took back (`no_link`, `confirm_link`); null otherwise. */
      undoes: z.enum(['no_link', 'confirm_link']).nullable(),
      /** An undone event's: the organisation that undid it and its reason, when its indicator is named to you. */
      undoneBy: z.object({ organisation: z.string().nullable(), reason: z.string().nullable() }).nullable(),
      /**
       * The server's word that `POST /networks/events/{id}/undo` would take this event back now (the same
       * rule the undo applies: the decision in force, or a split or merge it caused), that your role or key may decide (`networks.decide`) and that you may decide on its indicator.
       */
      undoable: z.boolean(),
    }),
  ),
});
export type NetworkDetail = z.infer<typeof networkDetailSchema>;

/** Most networks a link decision's answer names (a "does not link" on a hub can split it into many). */
export const LINK_DECISION_NETWORKS_MAX = 1000;
/** The answer to a link decision or an undo: the recorded event, and where the affected reports are now. */
export const linkDecisionResultSchema = networkDetailSchema.shape.history.element.extend({
  /**
   * The networks that now hold the reports sighting the decided indicator (only reports you may see),
   * those holding most of them first, at most LINK_DECISION_NETWORKS_MAX.
   */
  networkIds: z.array(idSchema).max(LINK_DECISION_NETWORKS_MAX),
});
export type LinkDecisionResult = z.infer<typeof linkDecisionResultSchema>;

/** Decisions that can be previewed: what a "does not link" would split, and what a "confirm link" would merge. */
export const LINK_DECISION_PREVIEWS = ['no_link', 'confirm_link'] as const;
export const linkDecisionPreviewQuerySchema = z.strictObject({ decision: z.enum(LINK_DECISION_PREVIEWS, { message: 'must be no_link or confirm_link: the decision to preview' }) });
/** Most pieces a preview describes per network (the largest), and most indicators it names per piece. */
export const LINK_PREVIEW_PIECES_MAX = 20;
export const LINK_PREVIEW_TOP_INDICATORS = 3;
/** Key indicators join at least this many of the reports the viewer sees; so does the one a network is called by. */
export const KEY_INDICATOR_MIN_REPORTS = 2;
/** A network a decision would make, counted over what you may see of it, as a network's page counts. */
export const linkDecisionPreviewFiguresSchema = z.object({
  reports: z.number().int(),
  indicators: z.number().int(),
  reportingOrganisations: z.number().int(),
  victimCountries: z.number().int(),
  lossUsdTotal: z.number(),
  /** Its indicators that join most of its reports (the first, when it joins KEY_INDICATOR_MIN_REPORTS, is what a network is called by). */
  topIndicators: z.array(z.object({ id: idSchema, type: z.enum(INDICATOR_TYPES), display: z.string(), reports: z.number().int() })).max(LINK_PREVIEW_TOP_INDICATORS),
});
/** One network a decided indicator's reports would end up in: only what you may see of it, as a network's page counts. */
export const linkDecisionPreviewPieceSchema = linkDecisionPreviewFiguresSchema.extend({
  /** This piece keeps the network's id (links to the network lead here); the others get new ids. */
  keepsId: z.boolean(),
});
/** What both previews say of the indicator: whether the decision is in force already, and whether it links reports now. */
const linkDecisionPreviewBase = {
  indicatorId: idSchema,
  /** The decision is in force already: recording it again is refused (409), and nothing would change. */
  inForce: z.boolean(),
  /** The indicator links reports now (a held one does not). */
  links: z.boolean(),
};
/**
 * A "does not link": for each network holding reports of the indicator that you see (as the decision's
 * answer names them), whether it would split and into which pieces. Only the network the indicator links
 * can split; one that links nothing (held back, or in force already) splits nothing.
 */
export const linkSplitPreviewSchema = z.object({
  ...linkDecisionPreviewBase,
  decision: z.literal('no_link'),
  networks: z
    .array(
      z.object({
        networkId: idSchema,
        splits: z.boolean(),
        /** How many networks it would be (1 when it does not split), pieces you see no report of included. */
        into: z.number().int().min(1),
        /** The pieces you see a report of when it splits, the one keeping the id first, then the largest; at most LINK_PREVIEW_PIECES_MAX. */
        pieces: z.array(linkDecisionPreviewPieceSchema).max(LINK_PREVIEW_PIECES_MAX),
        /** Pieces not described: you see no report of them, or they are beyond the first LINK_PREVIEW_PIECES_MAX. */
        otherPieces: z.number().int(),
      }),
    )
    .max(LINK_DECISION_NETWORKS_MAX),
});
/**
 * A "confirm link": whether linking the indicator would make one network of the networks its reports are
 * in, and that network as you would see it. An indicator that links already (or whose confirmation is in
 * force), or whose reports are all in one network, merges nothing.
 */
export const linkMergePreviewSchema = z.object({
  ...linkDecisionPreviewBase,
  decision: z.literal('confirm_link'),
  merges: z.boolean(),
  /** How many networks would become one, those you see nothing of included (0 when nothing merges). */
  networkCount: z.number().int().min(0),
  /** The network they would become, over the reports you see, and the id it keeps (the largest's); null when nothing merges. */
  merged: linkDecisionPreviewFiguresSchema.extend({ networkId: idSchema }).nullable(),
  /**
   * The networks merged that you see a report of, the one keeping its id first, then the largest: each with
   * how many of its reports you see; at most LINK_DECISION_NETWORKS_MAX.
   */
  mergedNetworks: z.array(z.object({ networkId: idSchema, reports: z.number().int() })).max(LINK_DECISION_NETWORKS_MAX),
  /** Networks merged not listed: you see no report of them (never named), or they are beyond the first LINK_DECISION_NETWORKS_MAX. */
  otherMergedNetworks: z.number().int(),
});
/**
 * What recording a link decision on an indicator would do now, without doing it, by `decision`: what a
 * "does not link" would split, or what a "confirm link" would merge. Computed by the code that applies the
 * decision (planUnlink and networkPieces; the linker's own session for a merge), over the networks as they
 * stand: a report filed before the decision is recorded can change it.
 */
export const linkDecisionPreviewSchema = z.discriminatedUnion('decision', [linkSplitPreviewSchema, linkMergePreviewSchema]);
export type LinkDecisionPreview = z.infer<typeof linkDecisionPreviewSchema>;
export type LinkSplitPreview = z.infer<typeof linkSplitPreviewSchema>;
export type LinkMergePreview = z.infer<typeof linkMergePreviewSchema>;

export const networkPathQuerySchema = z.strictObject({ from: idSchema, to: idSchema });
/** The shortest chain report → indicator → report → … that joins two reports, for a court statement. */
export const networkPathSchema = z.object({
  found: z.boolean(),
  steps: z.array(
    z.object({
      kind: z.enum(NETWORK_GRAPH_NODE_KINDS),
      id: idSchema,
      label: z.string(),
      /** Reports: victim country; indicators: type. */
      detail: z.string(),
    }),
  ),
});

export const networkGraphQuerySchema = z.strictObject({
  limit: queryWholeNumberSchema(1, LIMITS.networkGraphNodes, 2000),
  /** Expand around this node (report or indicator id): its neighbours first, then outwards. */
  around: idSchema.optional(),
  cells: z.enum(['true', 'false']).default('false'),
});
export const networkGraphNodeSchema = z.object({
  id: idSchema,
  kind: z.enum(NETWORK_GRAPH_NODE_KINDS),
  label: z.string(),
  /** Indicators: their type; reports: their scam type. */
  type: z.string(),
  country: z.string().nullable(),
  degree: z.number().int(),
  /** Louvain community, when `cells=true`. */
  cell: z.number().int().nullable(),
  occurredAt: z.string().nullable(),
});
/**
 * A Louvain cell of the graph. Data, not words: a client names it after `label` (the display value of its
 * best-linked identifier, `topIndicatorId`) or, for a cell of reports alone, by its number (`id + 1`).
 */
export const networkGraphCellSchema = z.object({
  id: z.number().int(),
  reports: z.number().int(),
  indicators: z.number().int(),
  /** The identifier of the cell sighted by most of the view's reports; null when the cell has none. */
  topIndicatorId: idSchema.nullable(),
  /** That identifier's display value; null with it. */
  label: z.string().nullable(),
});
export const networkGraphSchema = z.object({
  nodes: z.array(networkGraphNodeSchema),
  edges: z.array(z.object({ source: idSchema, target: idSchema, role: z.string() })),
  /** True when the network has more visible nodes than `limit`. */
  truncated: z.boolean(),
  cells: z.array(networkGraphCellSchema),
});
export type NetworkGraph = z.infer<typeof networkGraphSchema>;

export const networkExportQuerySchema = z.strictObject({ format: z.enum(['json', 'graphml', 'gexf']).default('json') });

/** An analyst's decision on an indicator's linking: does not link (the network splits) or confirmed. */
export const linkDecisionSchema = z.strictObject({
  decision: z.enum(['no_link', 'confirm_link']),
  reason: z.string().trim().min(3, { message: 'say why (at least 3 characters)' }).max(LIMITS.description),
});
export const undoLinkDecisionSchema = z.strictObject({ reason: z.string().trim().min(3).max(LIMITS.description) });

/** Indicators held back from linking, for review: why, and how many reports they would join. */
export const linkReviewItemSchema = z.object({
  indicatorId: idSchema,
  type: z.enum(INDICATOR_TYPES),
  display: z.string(),
  reason: z.enum(LINK_HOLD_REASONS),
  degree: z.number().int(),
  /** The degree above which this type is held (the norm for the type). */
  threshold: z.number().int(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionRefused: decisionRefusedSchema,
});
export const linkReviewQuerySchema = pageQuerySchema.extend({ reason: z.enum(LINK_HOLD_REASONS).optional() });

/**
 * How one indicator stands with linking, for its page: whether it links reports now and into which
 * network (named when you may see one of its reports), or why it is held back, and an analyst's decision.
 */
export const indicatorLinkingSchema = z.object({
  /** It joins the reports that sight it into one network now. */
  links: z.boolean(),
  /** The network it links, when you may see at least one of that network's reports; else null. */
  networkId: idSchema.nullable(),
  /**
   * Why it does not link; `degree` counts the reports you may see, `threshold` is the norm for its type. A
   * hold for its degree is given only when the reports you may see exceed the threshold (else null): the
   * guard counts every report, and saying it of fewer would tell that reports you may not see crossed it.
   */
  hold: z.object({ reason: z.enum(LINK_HOLD_REASONS), degree: z.number().int(), threshold: z.number().int() }).nullable(),
  decisionRefused: decisionRefusedSchema,
  /** An analyst's decision on it, by organisation. */
  decision: z
    .object({
      decision: z.enum(['no_link', 'confirm_link']),
      decidedBy: z.string().max(LIMITS.name).nullable(),
      decidedAt: isoDateTimeSchema,
    })
    .nullable(),
});
export type IndicatorLinking = z.infer<typeof indicatorLinkingSchema>;

export const networkAccessRequestSchema = z.strictObject({ reason: z.string().trim().min(10, { message: 'say why you need it (at least 10 characters)' }).max(LIMITS.description) });
