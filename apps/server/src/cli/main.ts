import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { DEMO_REPORTS_RANGE, DEMO_SEED_RANGE, loadConfig } from '../config.js';
import { migrateToLatest } from '../db/index.js';
import { demoOrganisationsOf, isDemoWorld, seedDemoWorld, DEMO_ADMIN_EMAIL } from '../modules/demo/index.js';
import { addDemoReports } from '../demo-reports-run.js';
import { serve } from '../server.js';
import { openConfiguredDatabase } from '../runtime.js';
import { apiKeyCommand, organisationCommand, userCommand } from './admin-commands.js';
import { checkCommand, importCommand } from './intelligence-commands.js';
import { indicatorsCommand } from './indicator-commands.js';
import { networksCommand } from './network-commands.js';
import { mispCommand } from './misp-commands.js';
import { syncCommand } from './federation-commands.js';
import { accessRequestsCommand } from './access-request-commands.js';
import { auditCommand } from './audit-commands.js';
import { callerPath, EXIT, failureOf, fileRefusal, missingDatabaseRefusal, optionRefusal, RefusedError, requireDatabase, unwritableReason, wholeNumberOption, withDeps } from './cli-support.js';

/**
 * A commander option parser for a whole number within the bounds of the variable the option stands in for
 * (`--reports` for DEMO_REPORTS): read and refused as every whole-number option is (wholeNumberOption,
 * `--reports: must be a whole number from 0 to 10,000,000 (got "abc")`, exit 2), before anything is opened.
 */
const wholeNumber = (option: string, range: { min: number; max: number }) => (text: string) => wholeNumberOption(option, text, range.min, range.max);

/** `gpos`: the one entry point for operators — serve, migrate, demo data, administration, audit, backup. */
export function buildCli(): Command {
  const program = new Command('gpos')
    .description('GPOS — platform of the Global Partnership against Online Scams')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true })
    .addHelpText(
      'after',
      [
        '',
        'Exit codes, the same for every command (README, "The CLI: gpos"):',
        `  ${EXIT.OK}  done`,
        `  ${EXIT.FAILED}  failed: an unexpected error, or the fault a check is there to find`,
        `  ${EXIT.USAGE}  usage: a wrong command line, configuration or output file; nothing done`,
        `  ${EXIT.REJECTED}  input rejected, in part or whole (import, misp import, STIX bundles)`,
        `  ${EXIT.NOT_FOUND}  not found: an organisation, user, API key, report, peer or file named`,
        `  ${EXIT.REFUSED}  refused as things stand: a suspended organisation, a conflict`,
        '',
      ].join('\n'),
    );

  program
    .command('serve')
    .description('Run the API and web app (migrates the database; creates the demo world on first start)')
    .action(async () => serve(loadConfig()));

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const handle = await openConfiguredDatabase(config, { migrate: false });
      try {
        const applied = await migrateToLatest(handle).catch((error: unknown) => {
          throw missingDatabaseRefusal(error, config);
        });
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
      } finally {
        await handle.close();
      }
    });

  program
    .command('demo')
    .description('Create the demo world (partner organisations, people in every role) in an empty database, then synthetic scam reports')
    .option('--seed <n>', 'seed of the synthetic world (the same seed and --reports, the same reports: run again, none is stored twice)', wholeNumber('--seed', DEMO_SEED_RANGE))
    .option('--reports <n>', 'synthetic scam reports to add (default DEMO_REPORTS, 2000)', wholeNumber('--reports', DEMO_REPORTS_RANGE))
    .action((opts: { seed?: number; reports?: number }) =>
      withDeps(async (deps) => {
        const reports = opts.reports ?? deps.config.demoReports;
        const seed = opts.seed ?? deps.config.demoSeed;
        const result = await seedDemoWorld(deps, { password: deps.config.demoPassword, reports: { seed, reports } });
        // The sign-in first, as soon as the world is stored: the reports take a while, and a run stopped
        // during them leaves them owed (the next `gpos demo` or `gpos serve` adds them), not the password lost.
        if (result.seeded) {
          process.stdout.write(
            `Created ${result.organisations} organisations, ${result.users} users, ${result.communities} sharing communities.\n` +
              `Platform admin: ${DEMO_ADMIN_EMAIL}\n` +
              (deps.config.demoPassword ? 'Password: the value of DEMO_PASSWORD\n' : `Password for every demo account (shown once): ${result.password}\n`),
          );
        } else if (reports > 0 && !(await isDemoWorld(deps.db, DEMO_ADMIN_EMAIL))) {
          // Synthetic reports go to the platform's organisations, as their own: never to real ones.
          throw new RefusedError(
            'This platform already has organisations and is not the demo world: synthetic reports would be stored as its organisations\' own. Nothing was changed. Run `gpos demo` where DATA_DIR (or DATABASE_URL) names an empty database.',
          );
        } else process.stdout.write('The platform already had organisations; they were left as they are.\n');
        // Synthetic reports go to the demo world's own organisations only (demoOrganisationsOf), never to one
        // created since: with none of them left as created, there is no one to give them to.
        if (reports > 0 && (await demoOrganisationsOf(deps.db)).length === 0) {
          throw new RefusedError(
            'None of the demo world\'s organisations is here as it was created (active, its demo name and short name): synthetic reports would be stored as other organisations\' own. Nothing was changed.',
          );
        }
        if (reports > 0) {
          const outcome = await addDemoReports(deps, { seed, reports, onProgress: (done) => process.stderr.isTTY && process.stderr.write(`\r${done}/${reports} reports`) });
          // Reports an earlier run of this seed stored are said apart: "300 stored" of a re-run that added none misled.
          const already = outcome.duplicates > 0 ? `, ${outcome.duplicates} stored already (by an earlier run of this seed)` : '';
          process.stdout.write(
            `${process.stderr.isTTY ? '\n' : ''}Synthetic world (seed ${seed}): ${outcome.accepted} reports stored${already}, ${outcome.rejected} rejected, in ${outcome.seconds} s (${Math.round((outcome.accepted + outcome.duplicates) / Math.max(outcome.seconds, 0.1))}/s).\n`,
          );
        }
      }, { creates: true }),
    );

  program.addCommand(organisationCommand());
  program.addCommand(userCommand());
  program.addCommand(apiKeyCommand());
  program.addCommand(importCommand());
  program.addCommand(checkCommand());
  program.addCommand(indicatorsCommand());
  program.addCommand(networksCommand());
  program.addCommand(mispCommand());
  program.addCommand(syncCommand());
  program.addCommand(accessRequestsCommand());

  program.addCommand(auditCommand());

  program
    .command('backup <file>')
    .description('Online backup of the SQLite database to <file>; on PostgreSQL prints the pg_dump command to use')
    .action(async (typed: string) => {
      const config = loadConfig();
      const file = callerPath(typed);
      // Never over a file that exists, on either engine: pg_dump, run as printed, would overwrite it.
      if (fs.existsSync(file)) throw fileRefusal('<file>', 'already exists; choose a new file name', file);
      if (config.databaseUrl) {
        process.stdout.write(`PostgreSQL is backed up with its own tool, while the server runs:\n  pg_dump --format=custom --file=${shellQuoted(file)} "$DATABASE_URL"\n`);
        return;
      }
      // Opening a missing database would create an empty one, and back that up as if all were well.
      requireDatabase(config);
      if (!fs.existsSync(path.dirname(path.resolve(file)))) throw fileRefusal('<file>', 'is in a directory that does not exist; back up into an existing one', file);
      // Made first, empty and never over a file that exists: a place that cannot be written is said as such
      // (exit 2), not as SQLite's "unable to open database file", which reads as the source's fault.
      try {
        fs.closeSync(fs.openSync(file, 'wx'));
      } catch (error) {
        throw fileRefusal('<file>', `cannot be written: ${unwritableReason(error)}`, file);
      }
      let backedUp = false;
      const handle = await openConfiguredDatabase(config, { migrate: false });
      try {
        const { totalPages } = await handle.sqlite!.backup(file);
        backedUp = true;
        process.stdout.write(`Backed up ${totalPages} pages to ${file}\n`);
      } finally {
        await handle.close();
        if (!backedUp) fs.rmSync(file, { force: true });
      }
    });
  // Subcommands added whole (org, user, import…) do not inherit the program's settings as those made
  // with .command() do: without this, a usage error in one of them would call process.exit(1) itself.
  program.exitOverride();
  const inherit = (parent: Command) => {
    for (const sub of parent.commands) {
      sub.copyInheritedSettings(parent);
      inherit(sub);
    }
  };
  inherit(program);
  refuseChoicesInOneLine(program);
  return program;
}

/**
 * An option with choices (`--scam-type`, `--indicator-type`, `--format`, `--status`, `--role`, `--type`)
 * refuses any other value as every refusal of what was typed is said (README, "Exit codes"): one line on
 * stderr, `--format: must be one of json, graphml, gexf (got "csv")`, exit 2, before anything is opened —
 * not commander's error followed by the whole help. The choices are still listed in the help.
 */
function refuseChoicesInOneLine(command: Command): void {
  for (const option of command.options) {
    const choices = option.argChoices;
    if (!choices) continue;
    const name = option.long ?? option.short ?? option.flags;
    option.argParser((value: string) => {
      if (!choices.includes(value)) throw optionRefusal(name, `must be one of ${choices.join(', ')}`, value);
      return value;
    });
  }
  for (const sub of command.commands) refuseChoicesInOneLine(sub);
}

/** Runs `gpos` with `argv`; the exit code (EXIT, cli-support.ts) is left in process.exitCode. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const { exitCode, message } = failureOf(error);
    if (message !== null) process.stderr.write(`${message}\n`);
    process.exitCode = exitCode;
  }
}

/** A word as a POSIX shell reads it literally: in single quotes, each quote in it closed, escaped and reopened. */
function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
