/**
 * Access requests: asking the holders of a hit for their reports, and the holders' answers (one each,
 * shown to the requester with the answering organisation's name). An answer changes no marking.
 */
export { createAccessRequestService, type AccessRequestService } from './access-request.service.js';
export { accessRequestRoutes } from './access-request.routes.js';
