/**
 * Federation: the peers (remote TAXII 2.1 servers, GPOS or not) this node pulls STIX from, their API keys
 * encrypted at rest, a cursor per peer collection, the scheduled pull per peer and `gpos sync`. Imports go
 * through the STIX importer on behalf of the organisation that represents the peer, with the peer's name
 * as source node (docs/taxii.md). The TAXII server side is the `taxii` module.
 */
export { createFederationService, type FederationService } from './federation.service.js';
export { federationRoutes } from './federation.routes.js';
export { createTaxiiClient, TaxiiClientError, type TaxiiClient } from './taxii-client.js';
