import { CHANNELS, SCAM_TYPES, type Channel, type ScamType } from '@gpos/contracts';
import type { Json } from './stix-import-model.js';

/** A label as a word of GPOS's vocabularies: `Pig-Butchering` → `pig_butchering`. */
const wordOf = (label: string) => label.trim().toLowerCase().replace(/[\s-]+/g, '_');
/** Other tools' names of GPOS's scam types. */
const SCAM_ALIASES: Record<string, ScamType> = { pig_butchering: 'investment', investment_fraud: 'investment', romance_scam: 'romance', job_scam: 'job', task_scam: 'job', tech_support_scam: 'tech_support' };

const isScamType = (value: unknown): value is ScamType => (SCAM_TYPES as readonly unknown[]).includes(value);
const isChannel = (value: unknown): value is Channel => (CHANNELS as readonly unknown[]).includes(value);

/**
 * An imported report's scam type and channel: GPOS's extension properties (`facts`) when they name one, else
 * the report's `labels` and `report_types` (its own words, or another tool's names of them), else `other`.
 */
export function reportKindOf(root: Json, facts: Json): { scamType: ScamType; channel: Channel } {
  const labels = [...(Array.isArray(root.labels) ? root.labels : []), ...(Array.isArray(root.report_types) ? root.report_types : [])].filter((l): l is string => typeof l === 'string').map(wordOf);
  const scamType = isScamType(facts.scam_type) ? facts.scam_type : (labels.find(isScamType) ?? labels.map((l) => SCAM_ALIASES[l]).find(Boolean) ?? 'other');
  const channel = isChannel(facts.channel) ? facts.channel : (labels.find(isChannel) ?? 'other');
  return { scamType, channel };
}
