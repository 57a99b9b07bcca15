/**
 * The sharing policy: TLP 2.0 markings with an owner organisation, an optional sharing community and
 * named recipients. It answers one question two ways — `canSee` for one record, `visibleMarkingIds` as a
 * SQL filter for lists — and later modules use nothing else to decide who sees what. A record the viewer
 * may not see is reported as not found, never as forbidden.
 */
export { canSee, isOpenMarking, PUBLIC_VIEWER, type Marking, type Viewer } from './policy.js';
export { visibleMarkingIds } from './visibility.sql.js';
export { ensureMarking, loadMarking, loadMarkings, markingFingerprint, markingRow, resolveMarking, resolveMarkings, type MarkingOwner } from './marking.repository.js';
export { viewerOf } from './viewer.js';
export { NO_AUDIENCE_FACTS, wideningOf, type AudienceFacts, type WideningPart } from './marking-widening.js';
