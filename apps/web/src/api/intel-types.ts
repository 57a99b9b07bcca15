/** The intelligence-exchange shapes, inferred from the contract schemas (types only; no zod in the bundle). */
import type { z } from 'zod';
import type {
  accessRequestSchema,
  canonicalIndicatorSchema,
  createdWebhookSchema,
  hiddenHitSchema,
  indicatorDetailSchema,
  IndicatorStatus,
  IndicatorType,
  normaliseResponseSchema,
  sightingSchema,
  statusChangeSchema,
  warninglistEntrySchema,
  warninglistSchema,
  watchlistSchema,
  webhookSchema,
  WATCH_KINDS,
} from '@gpos/contracts';

export type { CreateReport, IndicatorStatus, IndicatorType, LookupResult, PlatformEvent, Report, ReportIndicatorInput, VisibleIndicator } from '@gpos/contracts';

export type CanonicalIndicator = z.infer<typeof canonicalIndicatorSchema>;
export type NormaliseResponse = z.infer<typeof normaliseResponseSchema>;
export type NormaliseResult = NormaliseResponse['results'][number];
export type HiddenHit = z.infer<typeof hiddenHitSchema>;
export type AccessRequest = z.infer<typeof accessRequestSchema>;
export type IndicatorDetail = z.infer<typeof indicatorDetailSchema>;
export type Sighting = z.infer<typeof sightingSchema>;
export type StatusChange = z.infer<typeof statusChangeSchema>;
export type Warninglist = z.infer<typeof warninglistSchema>;
export type WarninglistEntry = z.infer<typeof warninglistEntrySchema>;
export type Watchlist = z.infer<typeof watchlistSchema>;
export type WatchKind = (typeof WATCH_KINDS)[number];
export type Webhook = z.infer<typeof webhookSchema>;
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;
export type { WebhookTestResult } from '@gpos/contracts';

export interface RawIndicator {
  type?: IndicatorType;
  value: string;
  country?: string;
  bankCode?: string;
  chain?: string;
  platform?: string;
}

export interface SetIndicatorStatus {
  status: IndicatorStatus;
  reason: string;
}
