/**
 * TAXII 2.1 server (/taxii2/): discovery, one API root, collections per audience (CLEAR, GREEN, AMBER for
 * all members, each sharing community of the client, the client organisation's restricted collection),
 * objects paged from the report change feed through the STIX export mappers, manifest, versions, object by
 * id, and POSTs through the STIX importer with a stored status resource. It owns the TAXII error format,
 * content negotiation and the STIX-id index (docs/taxii.md). Federation's client lives in `federation`.
 */
export { taxiiRoutes, TAXII_PREFIX, TAXII_API_ROOT, acceptsTaxii } from './taxii.routes.js';
export { createTaxiiFeed, TAXII_PAGE_MAX, TAXII_PAGE_DEFAULT, type TaxiiFeed } from './taxii-feed.js';
export { collectionsOf, collectionId, TAXII_COLLECTION_NAMESPACE } from './taxii-collections.js';
export { TAXII_MEDIA_TYPE } from './taxii-errors.js';
