/** API keys: scoped, expiring, hashed credentials for machine clients of one organisation. */
export { createApiKeyService, keyMaker, mayHoldAdminKeys, mintApiKey, revokeAdminKeysOf, revokeNodeKeys, type ApiKeyService } from './api-key.service.js';
export { API_KEY_REFUSALS } from './api-key-refusals.js';
export { apiKeyRoutes } from './api-key.routes.js';
