/**
 * The OASIS STIX 2.1 JSON schemas (schemas/oasis, BSD-3-Clause, see its NOTICE.md), imported statically so
 * the esbuild bundle of the server carries them. Generated from the directory listing; keep in step with it.
 */
import common_binary from './schemas/oasis/common/binary.json' with { type: 'json' };
import common_bundle from './schemas/oasis/common/bundle.json' with { type: 'json' };
import common_core from './schemas/oasis/common/core.json' with { type: 'json' };
import common_cyber_observable_core from './schemas/oasis/common/cyber-observable-core.json' with { type: 'json' };
import common_dictionary from './schemas/oasis/common/dictionary.json' with { type: 'json' };
import common_extension_definition from './schemas/oasis/common/extension-definition.json' with { type: 'json' };
import common_extension from './schemas/oasis/common/extension.json' with { type: 'json' };
import common_external_reference from './schemas/oasis/common/external-reference.json' with { type: 'json' };
import common_granular_marking from './schemas/oasis/common/granular-marking.json' with { type: 'json' };
import common_hashes_type from './schemas/oasis/common/hashes-type.json' with { type: 'json' };
import common_hex from './schemas/oasis/common/hex.json' with { type: 'json' };
import common_identifier from './schemas/oasis/common/identifier.json' with { type: 'json' };
import common_kill_chain_phase from './schemas/oasis/common/kill-chain-phase.json' with { type: 'json' };
import common_language_content from './schemas/oasis/common/language-content.json' with { type: 'json' };
import common_marking_definition from './schemas/oasis/common/marking-definition.json' with { type: 'json' };
import common_properties from './schemas/oasis/common/properties.json' with { type: 'json' };
import common_timestamp from './schemas/oasis/common/timestamp.json' with { type: 'json' };
import common_url_regex from './schemas/oasis/common/url-regex.json' with { type: 'json' };
import observables_artifact from './schemas/oasis/observables/artifact.json' with { type: 'json' };
import observables_autonomous_system from './schemas/oasis/observables/autonomous-system.json' with { type: 'json' };
import observables_directory from './schemas/oasis/observables/directory.json' with { type: 'json' };
import observables_domain_name from './schemas/oasis/observables/domain-name.json' with { type: 'json' };
import observables_email_addr from './schemas/oasis/observables/email-addr.json' with { type: 'json' };
import observables_email_message from './schemas/oasis/observables/email-message.json' with { type: 'json' };
import observables_file from './schemas/oasis/observables/file.json' with { type: 'json' };
import observables_ipv4_addr from './schemas/oasis/observables/ipv4-addr.json' with { type: 'json' };
import observables_ipv6_addr from './schemas/oasis/observables/ipv6-addr.json' with { type: 'json' };
import observables_mac_addr from './schemas/oasis/observables/mac-addr.json' with { type: 'json' };
import observables_mutex from './schemas/oasis/observables/mutex.json' with { type: 'json' };
import observables_network_traffic from './schemas/oasis/observables/network-traffic.json' with { type: 'json' };
import observables_process from './schemas/oasis/observables/process.json' with { type: 'json' };
import observables_software from './schemas/oasis/observables/software.json' with { type: 'json' };
import observables_url from './schemas/oasis/observables/url.json' with { type: 'json' };
import observables_user_account from './schemas/oasis/observables/user-account.json' with { type: 'json' };
import observables_windows_registry_key from './schemas/oasis/observables/windows-registry-key.json' with { type: 'json' };
import observables_x509_certificate from './schemas/oasis/observables/x509-certificate.json' with { type: 'json' };
import sdos_attack_pattern from './schemas/oasis/sdos/attack-pattern.json' with { type: 'json' };
import sdos_campaign from './schemas/oasis/sdos/campaign.json' with { type: 'json' };
import sdos_course_of_action from './schemas/oasis/sdos/course-of-action.json' with { type: 'json' };
import sdos_grouping from './schemas/oasis/sdos/grouping.json' with { type: 'json' };
import sdos_identity from './schemas/oasis/sdos/identity.json' with { type: 'json' };
import sdos_incident from './schemas/oasis/sdos/incident.json' with { type: 'json' };
import sdos_indicator from './schemas/oasis/sdos/indicator.json' with { type: 'json' };
import sdos_infrastructure from './schemas/oasis/sdos/infrastructure.json' with { type: 'json' };
import sdos_intrusion_set from './schemas/oasis/sdos/intrusion-set.json' with { type: 'json' };
import sdos_location from './schemas/oasis/sdos/location.json' with { type: 'json' };
import sdos_malware_analysis from './schemas/oasis/sdos/malware-analysis.json' with { type: 'json' };
import sdos_malware from './schemas/oasis/sdos/malware.json' with { type: 'json' };
import sdos_note from './schemas/oasis/sdos/note.json' with { type: 'json' };
import sdos_observed_data from './schemas/oasis/sdos/observed-data.json' with { type: 'json' };
import sdos_opinion from './schemas/oasis/sdos/opinion.json' with { type: 'json' };
import sdos_report from './schemas/oasis/sdos/report.json' with { type: 'json' };
import sdos_threat_actor from './schemas/oasis/sdos/threat-actor.json' with { type: 'json' };
import sdos_tool from './schemas/oasis/sdos/tool.json' with { type: 'json' };
import sdos_vulnerability from './schemas/oasis/sdos/vulnerability.json' with { type: 'json' };
import sros_relationship from './schemas/oasis/sros/relationship.json' with { type: 'json' };
import sros_sighting from './schemas/oasis/sros/sighting.json' with { type: 'json' };

export const OASIS_SCHEMAS: readonly object[] = [
  common_binary,
  common_bundle,
  common_core,
  common_cyber_observable_core,
  common_dictionary,
  common_extension_definition,
  common_extension,
  common_external_reference,
  common_granular_marking,
  common_hashes_type,
  common_hex,
  common_identifier,
  common_kill_chain_phase,
  common_language_content,
  common_marking_definition,
  common_properties,
  common_timestamp,
  common_url_regex,
  observables_artifact,
  observables_autonomous_system,
  observables_directory,
  observables_domain_name,
  observables_email_addr,
  observables_email_message,
  observables_file,
  observables_ipv4_addr,
  observables_ipv6_addr,
  observables_mac_addr,
  observables_mutex,
  observables_network_traffic,
  observables_process,
  observables_software,
  observables_url,
  observables_user_account,
  observables_windows_registry_key,
  observables_x509_certificate,
  sdos_attack_pattern,
  sdos_campaign,
  sdos_course_of_action,
  sdos_grouping,
  sdos_identity,
  sdos_incident,
  sdos_indicator,
  sdos_infrastructure,
  sdos_intrusion_set,
  sdos_location,
  sdos_malware_analysis,
  sdos_malware,
  sdos_note,
  sdos_observed_data,
  sdos_opinion,
  sdos_report,
  sdos_threat_actor,
  sdos_tool,
  sdos_vulnerability,
  sros_relationship,
  sros_sighting,
];
