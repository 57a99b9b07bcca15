/** Access requests: asking the holders of a hit for their reports; stored here, routed by cooperation. */
export { createAccessRequestService, type AccessRequestService } from './access-request.service.js';
export { accessRequestRoutes } from './access-request.routes.js';
