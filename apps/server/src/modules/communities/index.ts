/** Sharing communities: named sets of organisations that TLP AMBER records can be limited to. */
export { createCommunityService, type CommunityService } from './community.service.js';
export { communityRoutes } from './community.routes.js';
export { communityNameKey } from './community-names.js';
