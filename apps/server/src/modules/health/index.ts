/** Liveness and readiness probes for orchestrators and load balancers. */
export { healthRoutes } from './health.routes.js';
