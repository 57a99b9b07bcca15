import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../dialect.js';
import { foundationMigration } from './001-foundation.js';
import { intelligenceMigration } from './002-intelligence.js';
import { accessRequestsMigration } from './003-access-requests.js';
import { networksMigration } from './004-networks.js';
import { stixMigration } from './005-stix.js';
import { federationMigration } from './006-federation.js';
import { networkListsMigration } from './007-network-lists.js';
import { networkGraphMigration } from './008-network-graph.js';
import { networkClusteredMigration } from './009-network-clustered.js';
import { networkRankMigration } from './010-network-rank.js';
import { networkQueueNumberedMigration } from './011-network-queue-numbered.js';
import { networkRankSqliteMigration } from './012-network-rank-sqlite.js';
import { linkThresholdsRuleMigration } from './013-link-thresholds-rule.js';
import { indicatorValueIndexMigration } from './014-indicator-value-index.js';
import { networkLossesIndexMigration } from './015-network-losses-index.js';
import { eventNumbersMigration } from './016-event-numbers.js';
import { rateLimitWindowsMigration } from './017-rate-limit-windows.js';
import { jobTurnsMigration } from './018-job-turns.js';
import { retractedSightingsMigration } from './019-retracted-sightings.js';
import { accessRequestAnswersMigration } from './020-access-request-answers.js';
import { networkSuccessorsMigration } from './021-network-successors.js';
import { watchHiddenHitsMigration } from './022-watch-hidden-hits.js';
import { webhookAccessRequestsMigration } from './023-webhook-access-requests.js';
import { organisationHiddenHitsMigration } from './024-organisation-hidden-hits.js';
import { platformSecretsMigration } from './025-platform-secrets.js';
import { isoMinorUnitsMigration } from './026-iso-minor-units.js';
import { idempotencyFingerprintsMigration } from './027-idempotency-fingerprints.js';
import { webhookDeliveryStateMigration } from './028-webhook-delivery-state.js';
import { sessionActivityMigration } from './029-session-activity.js';
import { auditSubjectOrganisationMigration } from './030-audit-subject-organisation.js';
import { communityNameKeyMigration } from './031-community-name-key.js';
import { reportUploadIdMigration } from './032-report-upload-id.js';
import { sessionSweepIndexesMigration } from './033-session-sweep-indexes.js';
import { peerKeyHintsMigration } from './034-peer-key-hints.js';
import { webhookDeliveryErrorCodeMigration } from './035-webhook-delivery-error-code.js';
import { webhookDeliveryHttpStatusMigration } from './036-webhook-delivery-http-status.js';
import { reportChangeMarkingsMigration } from './037-report-change-markings.js';
import { communityMembershipDatesMigration } from './038-community-membership-dates.js';
import { networkSuccessorReportsMigration } from './039-network-successor-reports.js';
import { markingCreatorKeysMigration } from './040-marking-creator-keys.js';
import { stixVersionStampsMigration } from './041-stix-version-stamps.js';

/**
 * One migration history for both engines. Migrations are code, not files found at run time, so the
 * bundled server carries them. Names sort in the order they must run; never rename or edit a shipped one.
 */
export function migrationProvider(engine: Engine): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '001-foundation': foundationMigration(engine),
        '002-intelligence': intelligenceMigration(engine),
        '003-access-requests': accessRequestsMigration(engine),
        '004-networks': networksMigration(engine),
        '005-stix': stixMigration(engine),
        '006-federation': federationMigration(engine),
        '007-network-lists': networkListsMigration(engine),
        '008-network-graph': networkGraphMigration(engine),
        '009-network-clustered': networkClusteredMigration(engine),
        '010-network-rank': networkRankMigration(engine),
        '011-network-queue-numbered': networkQueueNumberedMigration(engine),
        '012-network-rank-sqlite': networkRankSqliteMigration(engine),
        '013-link-thresholds-rule': linkThresholdsRuleMigration(engine),
        '014-indicator-value-index': indicatorValueIndexMigration(engine),
        '015-network-losses-index': networkLossesIndexMigration(engine),
        '016-event-numbers': eventNumbersMigration(engine),
        '017-rate-limit-windows': rateLimitWindowsMigration(engine),
        '018-job-turns': jobTurnsMigration(engine),
        '019-retracted-sightings': retractedSightingsMigration(engine),
        '020-access-request-answers': accessRequestAnswersMigration(engine),
        '021-network-successors': networkSuccessorsMigration(engine),
        '022-watch-hidden-hits': watchHiddenHitsMigration(engine),
        '023-webhook-access-requests': webhookAccessRequestsMigration(),
        '024-organisation-hidden-hits': organisationHiddenHitsMigration(engine),
        '025-platform-secrets': platformSecretsMigration(),
        '026-iso-minor-units': isoMinorUnitsMigration(engine),
        '027-idempotency-fingerprints': idempotencyFingerprintsMigration(engine),
        '028-webhook-delivery-state': webhookDeliveryStateMigration(engine),
        '029-session-activity': sessionActivityMigration(engine),
        '030-audit-subject-organisation': auditSubjectOrganisationMigration(engine),
        '031-community-name-key': communityNameKeyMigration(engine),
        '032-report-upload-id': reportUploadIdMigration(engine),
        '033-session-sweep-indexes': sessionSweepIndexesMigration(engine),
        '034-peer-key-hints': peerKeyHintsMigration(),
        '035-webhook-delivery-error-code': webhookDeliveryErrorCodeMigration(engine),
        '036-webhook-delivery-http-status': webhookDeliveryHttpStatusMigration(engine),
        '037-report-change-markings': reportChangeMarkingsMigration(engine),
        '038-community-membership-dates': communityMembershipDatesMigration(engine),
        '039-network-successor-reports': networkSuccessorReportsMigration(engine),
        '040-marking-creator-keys': markingCreatorKeysMigration(engine),
        '041-stix-version-stamps': stixVersionStampsMigration(),
      };
    },
  };
}
