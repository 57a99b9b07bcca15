import { buildApp } from './app.js';
import type { Config } from './config.js';
import { DEMO_ADMIN_EMAIL, seedDemoReports, seedDemoWorld } from './modules/demo/index.js';
import { createIntelligence } from './intelligence.js';
import { depsOf, openConfiguredDatabase } from './runtime.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `gpos serve`: migrate, create the demo world on an empty platform, listen, and on SIGTERM/SIGINT stop
 * taking requests, finish the ones in flight, close the database, and exit.
 */
export async function serve(config: Config): Promise<void> {
  const handle = await openConfiguredDatabase(config);
  const deps = depsOf(handle, config);
  if (config.demo) {
    const demo = await seedDemoWorld(deps, { password: config.demoPassword });
    if (demo.seeded) {
      if (config.demoReports > 0) {
        const intelligence = await createIntelligence(deps);
        const reports = await seedDemoReports(deps, intelligence.ingest, { seed: config.demoSeed, reports: config.demoReports });
        // The seeding instance links what it ingested, then stops: the app below starts its own linker,
        // and two in one process would drain the same queue side by side.
        await intelligence.networkLinker.settle();
        await intelligence.networkLinker.stop();
        await intelligence.closeWorkers();
        process.stdout.write(`Demo reports: ${reports.accepted} scam reports from the synthetic world (seed ${config.demoSeed}) in ${reports.seconds} s.\n`);
      }
      printDemoBanner(demo.password, config.demoPassword !== null);
    }
  }
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
  app.log.info({ engine: handle.engine, database: handle.location }, `GPOS is serving on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);
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
