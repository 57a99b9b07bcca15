/**
 * Refusals that are not a schema's, a normaliser's or an importer's — a name or email taken, one's own role,
 * a request answered already, a decision in force already — as coded texts, so the web app says them in
 * its reader's language (locale files, group `refusal`) rather than in the server's English. A whole
 * refusal goes out as the problem's `detail` with `detailCode` and `detailParams` (coded(), errors.ts);
 * a field's, as a field error's `code` and `params`.
 */
import { textCatalogue } from './coded-text.js';

export const REFUSALS = {
  // Any refusal's field errors (boundedFieldErrors, errors.ts): the last of more than LIMITS.fieldErrors, `count` not listed
  'refusal.more_errors': 'and {{count, number}} more errors, not listed: fix these, then send it again',
  // People
  'refusal.user_email_taken': 'A user with the email {{email}} already exists',
  'refusal.email_in_use': 'is already in use',
  'refusal.user_email_refusals_locked': 'Your organisation was refused {{max, number}} users whose email is in use already within 15 minutes: no users can be created for {{minutes, number}} minutes',
  'refusal.own_role_or_status': 'You cannot change your own role or suspend yourself; ask another admin',
  'refusal.no_organisation': 'no organisation {{id}}',
  'refusal.current_password_incorrect': 'The current password is incorrect',
  'refusal.incorrect': 'is incorrect',
  'refusal.platform_admin_operators_only': 'platform_admin is the role of the people of the organisation that operates the platform (the secretariat); {{organisation}} does not operate it',
  // API keys
  'refusal.expiry_not_future': 'must be in the future',
  'refusal.node_scope_secretariat_only': 'the node scope is granted only by the secretariat (a platform admin) or the CLI: a key with it speaks for a federation peer',
  'refusal.node_scope_needs_write': 'the node scope vouches for what the key pushes, and pushing needs write: add write or admin',
  'refusal.node_scope_not_a_peer': '{{organisation}} stands for no federation peer, and the node scope makes a key speak for the peer its organisation stands for: add the peer first',
  // Sharing communities
  'refusal.community_name_taken': 'Your organisation has a sharing community named {{name}} already ({{id}}); names are compared ignoring case and spacing',
  'refusal.community_name_in_use': 'is already the name of sharing community {{id}}',
  // Two named alike at the same moment: the other is not readable yet.
  'refusal.community_name_taken_unnamed': 'Your organisation has a sharing community of that name already; names are compared ignoring case and spacing',
  'refusal.community_name_in_use_unnamed': 'is already the name of a sharing community',
  'refusal.community_in_use': 'The sharing community {{name}} still marks shared records; change their markings first',
  'refusal.unknown_organisations': 'unknown organisation {{ids}}',
  // Organisations
  'refusal.organisation_name_taken': 'An organisation named {{name}} exists already ({{id}}); names are compared ignoring case and spacing',
  'refusal.organisation_name_in_use': 'is already the name of organisation {{id}} ({{name}})',
  // Access requests
  'refusal.access_asked_already': 'Your organisation has asked for this already (access request {{id}}, pending): its holders answer it; withdraw it to ask again',
  'refusal.access_own_reports': 'Your own organisation holds these reports',
  'refusal.access_answered_already': 'Your organisation answered access request {{id}} already ({{decision}})',
  'refusal.access_withdrawn_by_requester': 'Access request {{id}} was withdrawn by the organisation that made it: there is nothing to answer',
  'refusal.access_withdrawn_already': 'Access request {{id}} was withdrawn already',
  'refusal.access_granted_already': 'Access request {{id}} was granted by a holder: it can no longer be withdrawn',
  'refusal.access_refused_by_all': 'Access request {{id}} was refused by every holder: there is nothing left to withdraw',
  // Link decisions
  'refusal.no_link_in_force':
    '“Does not link” is the decision in force on this identifier already (event {{event}}): to change it, undo that decision from the network\'s history, or record the other decision',
  'refusal.confirm_link_in_force':
    '“Link confirmed” is the decision in force on this identifier already (event {{event}}): to change it, undo that decision from the network\'s history, or record the other decision',
  // Partners' reports the caller may not see (errors.ts, hiddenReportsConflict): the decision is theirs too
  'refusal.hidden_reports_status':
    "Other organisations hold reports of this identifier that you may not see (or reports addressed to other people), and its status is theirs too: ask them for access first (the lookup's hit on it offers the request)",
  'refusal.hidden_reports_links':
    "Other organisations hold reports of this identifier that you may not see (or reports addressed to other people), and how it links their reports is theirs to decide too: ask them for access first (the lookup's hit on it offers the request)",
  /** `value`: the indicator's canonical value (an address, or a URL on one). */
  'refusal.reserved_address': '{{value}} is a private or reserved address (or a URL on one): it names no one, and never links reports, whatever is decided',
  'refusal.indicator_in_no_network': 'Indicator {{id}} is not in any network yet; try again in a moment',
  'refusal.event_undone_already': 'Event {{event}} ({{kind}}) was already undone',
  'refusal.event_is_undo': 'Event {{event}} ({{kind}}) is an undo, which is not undone in turn: decide on the indicator again instead',
  'refusal.event_without_indicator': 'Event {{event}} ({{kind}}) concerns no indicator and cannot be undone',
  'refusal.event_concerns_no_indicator': 'Event {{event}} concerns no indicator and cannot be undone',
  'refusal.event_not_in_force':
    "Event {{event}} ({{kind}}) is not the indicator's decision in force (a later decision replaced it, or it was undone): only the decision in force can be undone",
  'refusal.event_not_caused_by_decision':
    'Event {{event}} ({{kind}}) was not caused by a decision in force on its indicator, so there is no decision to undo: decide on the indicator instead ("does not link" separates what it joins, "confirm link" joins what a hold kept apart)',
  'refusal.event_decision_unrecorded':
    'Event {{event}} ({{kind}}) follows a decision that was not recorded as one (it was set by an undo before undo restored decisions): decide on the indicator again instead',
  // Watchlists and webhooks
  'refusal.watchlists_full': 'Your organisation has {{limit, number}} watchlists, the most it may have: delete one first (a prefix or domain watch covers many identifiers)',
  'refusal.webhooks_full': 'Your organisation has {{limit, number}} webhooks, the most it may have: every event goes to each of them; delete one first',
  // The event stream (watch.routes.ts): `limit`, STREAM_LIMITS of the credential's or the organisation's scope
  'refusal.event_streams_full_user': 'you have {{limit, number}} event streams open already, the most allowed: close one (a browser tab, a worker) before opening another',
  'refusal.event_streams_full_key': 'this API key has {{limit, number}} event streams open already, the most allowed: close one (a browser tab, a worker) before opening another',
  'refusal.event_streams_full_organisation':
    'your organisation has {{limit, number}} event streams open already, the most allowed: close one (a browser tab, a worker) before opening another',
  // Reports
  'refusal.report_retracted': 'Report {{id}} was retracted and can no longer change',
  'refusal.report_retracted_meanwhile': 'Report {{id}} was retracted meanwhile and can no longer change',
  'refusal.report_changed_meanwhile': 'Report {{id}} changed while this change was being made (version {{current}}; you read version {{read}}): read it again, then correct or retract it',
  'refusal.report_not_yours': 'Only the organisation that made a report can correct or retract it',
  // Interchange (misp-export.ts, stix-import-writes.ts)
  'refusal.misp_export_retracted': 'Report {{id}} was retracted; retracted reports are not exported',
  /** `object`: the STIX id of the object imported (a report's). */
  'refusal.stix_imported_meanwhile': '{{object}} was imported at this version or a newer one meanwhile',
  'refusal.stix_corrected_meanwhile': 'Report {{id}} was corrected while {{object}} was being imported: import the bundle again',
  // What a role, an owner or a list's source leaves to others (coded so a Thai reader meets none in English)
  'refusal.not_permitted': 'Your role or API key scope does not allow this',
  'refusal.dispute_only': 'You may dispute an indicator; other status changes are for analysts and investigators',
  'refusal.status_decided_false_positive':
    'An analyst or investigator has marked this identifier a false positive; a dispute would raise it again. Ask one of them to change its status.',
  'refusal.status_unchanged': 'The identifier already has this status; nothing was changed',
  'refusal.status_decided_taken_down': 'An analyst or investigator has marked this identifier taken down; a dispute would raise it again. Ask one of them to change its status.',
  'refusal.builtin_warninglist_read_only': 'Built-in warninglists are read-only; add your entries to a list of your own',
  'refusal.platform_admin_grant_secretariat_only': 'Only the secretariat can grant the platform_admin role',
  'refusal.platform_admin_change_secretariat_only': 'Only the secretariat can change a platform admin',
  'refusal.community_change_owner_only': 'Only the owner organisation can change a sharing community',
  'refusal.community_delete_owner_only': 'Only the owner organisation can delete a sharing community',
  // TAXII (taxii.routes.ts): `title`, the collection's
  'refusal.taxii_collection_read_only': "Post to your organisation's collection (can_write); {{title}} is read-only",
  'refusal.taxii_collection_read_only_for_you': '{{title}} is read-only for you',
  'refusal.taxii_objects_not_deleted': 'Retract the report that carries the object (POST /api/v1/reports/{id}/retract): every consumer then receives it revoked',
  'refusal.own_organisation_suspend':
    'You cannot suspend your own organisation: it would sign out everyone in it, you too; ask another platform admin, or run `gpos org suspend` at the server',
  // A record's marking (marking.repository.ts): who it is shared with
  'refusal.no_community_of_yours': 'no sharing community {{id}} of yours',
  'refusal.unknown_users': 'unknown user {{ids}}',
  // Federation peers (`name`: the peer's name as JSON, quoted)
  'refusal.peer_name_taken': 'A peer named {{name}} exists already',
  'refusal.peer_organisation_taken': 'Organisation {{id}} already represents the peer {{name}}; each peer needs its own',
  'refusal.peer_syncing': 'Peer {{name}} is being synced by another server; its outcome will show on the peer when that sync ends',
} as const;

export type RefusalCode = keyof typeof REFUSALS;

export const refusals = textCatalogue(REFUSALS);
