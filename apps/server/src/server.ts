import { buildApp } from './app.js';
import type { Config } from './config.js';
import { DEMO_ADMIN_EMAIL, seedDemoWorld } from './modules/demo/index.js';
import { finishOwedDemoReports } from './demo-reports-run.js';
import type { ServerDeps } from './platform/context.js';
import { depsOf, openConfiguredDatabase } from './runtime.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `gpos serve`: migrate, create the demo world on an empty platform, listen, and on SIGTERM/SIGINT stop
 * taking requests, finish the ones in flight, close the database, and exit.
 */
export async function serve(config: Config): Promise<void> {
  const handle = await openConfiguredDatabase(config);
  const deps = depsOf(handle, config);
  const demo = config.demo ? await prepareDemo(deps, config) : null;
  const app = await buildApp(deps);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      await handle.close();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  app.log.info({ engine: handle.engine, database: handle.location }, `GPOS is serving on ${url}`);
  if (demo) {
    // On a later start the server cannot tell how the world was made: a password printed then, or DEMO_PASSWORD's.
    const password = config.demoPassword !== null ? 'DEMO_PASSWORD' : demo.seeded ? 'the password above' : 'the password it was created with (printed then, or DEMO_PASSWORD if it was set)';
    process.stdout.write(`\nDemo world: open ${url} and sign in as ${DEMO_ADMIN_EMAIL} with ${password}.\n\n`);
  }
}

/**
 * The demo world on an empty platform: the world first, its sign-in printed as soon as it is stored, then
 * its synthetic reports. Reports a stopped first start still owes (demo-pending.ts) are added by the next.
 */
async function prepareDemo(deps: ServerDeps, config: Config): Promise<{ seeded: boolean }> {
  const demo = await seedDemoWorld(deps, { password: config.demoPassword, reports: { seed: config.demoSeed, reports: config.demoReports } });
  if (demo.seeded) printDemoBanner(demo.password, config.demoPassword !== null);
  await finishOwedDemoReports(deps, { seeded: demo.seeded, write: (text) => process.stdout.write(text) });
  return { seeded: demo.seeded };
}

function printDemoBanner(password: string | null, fromEnv: boolean): void {
  const lines = [
    'GPOS demo world created.',
    `  Sign in as the platform admin: ${DEMO_ADMIN_EMAIL}`,
    fromEnv ? '  Password: the value of DEMO_PASSWORD' : `  Password for every demo account (shown only this once): ${password}`,
    '  Other demo accounts: <role>@<organisation>.demo, e.g. analyst@th-ccib.demo (see README).',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
