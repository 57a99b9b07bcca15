/** Currency rates: shipped indicative defaults and admin-loaded dated rates, for losses in USD. */
export { createFxService, type FxService } from './fx.service.js';
export { fxRoutes } from './fx.routes.js';
