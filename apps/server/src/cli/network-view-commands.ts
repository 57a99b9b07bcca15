import { Command, Option } from 'commander';
import { INDICATOR_TYPES, SCAM_TYPES } from '@gpos/contracts';
import type { ServerDeps } from '../platform/context.js';
import { operatorFor, type ApiKeyActor } from '../platform/auth/index.js';
import { createIntelligence } from '../intelligence.js';
import { createAccessRequestService } from '../modules/access-requests/index.js';
import { createNetworkService, type NetworkService } from '../modules/networks/index.js';
import { type FieldOptions, jsonForTerminal, NotFoundError, optionRefusalText, organisationFor, parseId, withDeps } from './cli-support.js';
import { AppError } from '../platform/errors.js';
import { cursorRefusal, LIST_OPTIONS, listQuery, type ListOptions } from './network-view-options.js';
import { exportToOutFile } from './out-file.js';
import { detailText, pathText, summaryText, wrapText } from './network-view-text.js';

/**
 * `gpos networks list|show|path|export`: what the API's network routes answer, seen through one
 * organisation's eyes (`--org`), as `gpos check` looks identifiers up. The platform's operator sees no
 * more from the console than that organisation's people would see in the web app.
 */
/** What `show`, `path` and `export` hand the service, as the argument and options that set it. */
const VIEW_OPTIONS: FieldOptions = { id: '<id>', from: '--from', to: '--to', format: '--format' };

export function addNetworkViewCommands(networks: Command): void {
  networks
    .command('list')
    .description('Networks an organisation can see, ranked by the "big fish" score (highest first)')
    .requiredOption('--org <id>', 'list with this organisation’s view (its id or short name)')
    .option('--country <code>', 'victim or reporting country (ISO 3166-1 alpha-2)')
    .addOption(new Option('--scam-type <type>', 'only networks with reports of this scam type').choices(SCAM_TYPES))
    .addOption(new Option('--indicator-type <type>', 'only networks linking identifiers of this type').choices(INDICATOR_TYPES))
    .option('--min-reports <n>', 'at least this many reports you may see (default 2)')
    .option('--active-since <date>', 'last activity on or after this day (2026-11-01, from midnight UTC) or ISO 8601 date-time')
    .option('--cross-border', 'only cross-border networks: their victims and reporting organisations together in more than one country')
    .option('--report <id>', 'only the network holding this report (one you may see), even when it is the only report')
    .option('--limit <n>', 'how many (1–200)', '20')
    .option('--cursor <cursor>', 'the next page (as the previous page printed it)')
    .option('--json', 'print JSON, as GET /api/v1/networks answers: {items, nextCursor}')
    .action((opts: ListOptions) => {
      // The values typed are checked before the organisation is looked up, as `access-requests list` checks
      // its own before --as: a bad --limit is refused for --limit, whatever --org says.
      const query = listQuery(opts);
      return withNetworks(opts.org, LIST_OPTIONS, async ({ service, actor }) => {
        const page = await service.list(actor, query).catch((error: unknown) => {
          throw cursorRefusal(error, opts.cursor);
        });
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(page)}\n`);
          return;
        }
        if (page.items.length === 0) process.stdout.write(opts.cursor ? 'No more networks.\n' : 'No networks match.\n');
        process.stdout.write(wrapText(page.items.map((network, i) => summaryText(network, i + 1)).join('')));
        // The same command with this cursor added gives the next page (filters and --limit as they were).
        if (page.nextCursor) process.stdout.write(`More: --cursor ${page.nextCursor}\n`);
      });
    });

  networks
    .command('show')
    .description('One network: figures, key identifiers, countries and history, as an organisation may see it')
    .argument('<id>', 'the network id (from `gpos networks list`)')
    .requiredOption('--org <id>', 'show with this organisation’s view (its id or short name)')
    .option('--json', 'print JSON, as GET /api/v1/networks/{id} answers')
    .action((id: string, opts: { org: string; json?: boolean }) => {
      // The arguments' own shape first, as the lists check their values before looking up --org.
      const networkId = parseId('<id>', id, 'network');
      return withNetworks(opts.org, VIEW_OPTIONS, async ({ service, actor }) => {
        const network = await service.get(actor, networkId).catch(networkNotFound(id));
        process.stdout.write(opts.json ? `${jsonForTerminal(network)}\n` : detailText(network));
      });
    });

  networks
    .command('path')
    .description('The shortest chain of shared identifiers joining two reports of a network (why they are linked)')
    .argument('<id>', 'the network id')
    .requiredOption('--from <report>', 'the first report’s id (the report nodes of `gpos networks export <id>`)')
    .requiredOption('--to <report>', 'the second report’s id')
    .requiredOption('--org <id>', 'with this organisation’s view (its id or short name): only reports and identifiers it may see')
    .option('--json', 'print JSON, as GET /api/v1/networks/{id}/path answers')
    .action((id: string, opts: { from: string; to: string; org: string; json?: boolean }) => {
      const ids = [parseId('<id>', id, 'network'), parseId('--from', opts.from, 'report'), parseId('--to', opts.to, 'report')] as const;
      return withNetworks(opts.org, VIEW_OPTIONS, async ({ service, actor }) => {
        const chain = await service.path(actor, { actor: operatorFor(actor.organisationId), requestId: 'cli-networks-path' }, ...ids);
        if (opts.json) process.stdout.write(`${jsonForTerminal(chain)}\n`);
        else if (!chain.found) process.stdout.write('No chain of identifiers you may see joins these two reports.\n');
        else process.stdout.write(pathText(chain.steps));
      });
    });

  networks
    .command('export')
    .description('A network as JSON, GraphML or GEXF (for Gephi or i2-style tools), as an organisation may see it')
    .argument('<id>', 'the network id')
    .requiredOption('--org <id>', 'export with this organisation’s view (its id or short name)')
    .addOption(new Option('--format <format>', 'the file format').choices(['json', 'graphml', 'gexf']).default('json'))
    .option('--out <file>', 'write the file here instead of standard output (never over a file that exists)')
    .action((id: string, opts: { org: string; format: 'json' | 'graphml' | 'gexf'; out?: string }) => {
      const networkId = parseId('<id>', id, 'network');
      return withNetworks(opts.org, VIEW_OPTIONS, async ({ service, actor }) => {
        if (opts.out === undefined) {
          const file = await service.export(actor, { actor: operatorFor(actor.organisationId), requestId: 'cli-networks-export' }, networkId, opts.format).catch(networkNotFound(id));
          process.stdout.write(file.body.endsWith('\n') ? file.body : `${file.body}\n`);
          return;
        }
        // Made before the export, which is audited; removed if nothing comes to fill it.
        const file = await exportToOutFile(opts.out, () => service.export(actor, { actor: operatorFor(actor.organisationId), requestId: 'cli-networks-export' }, networkId, opts.format).catch(networkNotFound(id)));
        process.stdout.write(`Wrote network ${networkId} as ${opts.format} (${Buffer.byteLength(file.body).toLocaleString('en')} bytes) to ${opts.out}\n`);
      });
    });
}

/**
 * Runs a view command with the network service and a read-only machine actor of the organisation. The
 * linker drains what is queued first, so the figures include every report stored so far, and stops
 * before the database closes. A field the service refuses is said by its option in `fields`.
 */
async function withNetworks(orgId: string, fields: FieldOptions, run: (context: { service: NetworkService; actor: ApiKeyActor }) => Promise<void>): Promise<void> {
  await withDeps(async (deps: ServerDeps) => {
    const org = await organisationFor(deps, orgId, 'read');
    const actor: ApiKeyActor = { kind: 'api_key', apiKeyId: 'cli', scopes: ['read'], organisationId: org.id, organisationType: org.type as ApiKeyActor['organisationType'], organisationCountry: org.country };
    const intelligence = await createIntelligence(deps);
    try {
      await intelligence.networkLinker.settle();
      await run({ service: createNetworkService(deps, intelligence.networkLinker, createAccessRequestService(deps)), actor });
    } finally {
      await intelligence.networkLinker.stop();
      await intelligence.closeWorkers();
    }
  }, { fields });
}

/** A network the organisation may not see (or none of that id) said by the argument, as other commands say theirs. */
const networkNotFound = (typed: string) => (error: unknown): never => {
  if (error instanceof AppError && error.code === 'not_found') throw new NotFoundError(optionRefusalText('<id>', 'no network of this id that the organisation may see (see `gpos networks list`)', typed));
  throw error;
};
