/**
 * The demo world: fictional partner organisations, people in every role and sharing communities, created
 * on the first start of an empty platform (and by `gpos demo`). Later modules add their own demo data.
 */
export { seedDemoWorld, DEMO_ADMIN_EMAIL, type DemoSeedResult } from './demo-world.js';
export { demoOrganisationsOf, seedDemoReports, type DemoReportsResult } from './demo-reports.js';
export { seedDemoAccessRequests } from './demo-access-requests.js';
export { DEMO_ORGANISATIONS, DEMO_EXTRA_ROLES, DEMO_ROLES_EVERYWHERE } from './demo-organisations.js';
export { clearPendingDemoReports, isDemoWorld, pendingDemoReports, type PendingDemoReports } from './demo-pending.js';
