/** API keys: scoped, expiring, hashed credentials for machine clients of one organisation. */
export { createApiKeyService, mintApiKey, revokeNodeKeys, type ApiKeyService } from './api-key.service.js';
export { apiKeyRoutes } from './api-key.routes.js';
