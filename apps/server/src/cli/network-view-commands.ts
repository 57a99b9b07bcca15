import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { idSchema, INDICATOR_TYPES, listNetworksQuerySchema, SCAM_TYPES, type NetworkDetail, type NetworkSummary } from '@gpos/contracts';
import type { ServerDeps } from '../platform/context.js';
import { OPERATOR, type ApiKeyActor } from '../platform/auth/index.js';
import { createIntelligence } from '../intelligence.js';
import { createAccessRequestService } from '../modules/access-requests/index.js';
import { createNetworkService, type NetworkService } from '../modules/networks/index.js';
import { jsonForTerminal, organisationFor, terminalText, UsageError, withDeps } from './cli-support.js';

/**
 * `gpos networks list|show|path|export`: what the API's network routes answer, seen through one
 * organisation's eyes (`--org`), as `gpos check` looks identifiers up. The platform's operator sees no
 * more from the console than that organisation's people would see in the web app.
 */
export function addNetworkViewCommands(networks: Command): void {
  networks
    .command('list')
    .description('Networks an organisation can see, ranked by the "big fish" score (highest first)')
    .requiredOption('--org <id>', 'list with this organisation’s view')
    .option('--country <code>', 'victim or reporting country (ISO 3166-1 alpha-2)')
    .addOption(new Option('--scam-type <type>', 'only networks with reports of this scam type').choices(SCAM_TYPES))
    .addOption(new Option('--indicator-type <type>', 'only networks linking identifiers of this type').choices(INDICATOR_TYPES))
    .option('--min-reports <n>', 'at least this many reports you may see (default 2)')
    .option('--active-since <date>', 'last activity on or after this ISO 8601 date-time')
    .option('--cross-border', 'only networks whose victims are in more than one country')
    .option('--limit <n>', 'how many (1–200)', '20')
    .option('--cursor <cursor>', 'the next page (as the previous page printed it)')
    .option('--json', 'print JSON, as GET /api/v1/networks answers: {items, nextCursor}')
    .action((opts: ListOptions) =>
      withNetworks(opts.org, async ({ service, actor }) => {
        const page = await service.list(actor, listQuery(opts));
        if (opts.json) {
          process.stdout.write(`${jsonForTerminal(page)}\n`);
          return;
        }
        if (page.items.length === 0) process.stdout.write('No networks match.\n');
        page.items.forEach((network, i) => process.stdout.write(summaryLines(network, i + 1)));
        if (page.nextCursor) process.stdout.write(`More: --cursor ${page.nextCursor}\n`);
      }),
    );

  networks
    .command('show')
    .description('One network: figures, key identifiers, countries and history, as an organisation may see it')
    .argument('<id>', 'the network id (from `gpos networks list`)')
    .requiredOption('--org <id>', 'show with this organisation’s view')
    .option('--json', 'print JSON, as GET /api/v1/networks/{id} answers')
    .action((id: string, opts: { org: string; json?: boolean }) =>
      withNetworks(opts.org, async ({ service, actor }) => {
        const network = await service.get(actor, parseId('<id>', id));
        process.stdout.write(opts.json ? `${jsonForTerminal(network)}\n` : detailText(network));
      }),
    );

  networks
    .command('path')
    .description('The shortest chain of shared identifiers joining two reports of a network (why they are linked)')
    .argument('<id>', 'the network id')
    .requiredOption('--from <report>', 'the first report’s id')
    .requiredOption('--to <report>', 'the second report’s id')
    .requiredOption('--org <id>', 'with this organisation’s view: only reports and identifiers it may see')
    .option('--json', 'print JSON, as GET /api/v1/networks/{id}/path answers')
    .action((id: string, opts: { from: string; to: string; org: string; json?: boolean }) =>
      withNetworks(opts.org, async ({ service, actor }) => {
        const chain = await service.path(actor, { actor: OPERATOR, requestId: 'cli-networks-path' }, parseId('<id>', id), parseId('--from', opts.from), parseId('--to', opts.to));
        if (opts.json) process.stdout.write(`${jsonForTerminal(chain)}\n`);
        else if (!chain.found) process.stdout.write('No chain of identifiers you may see joins these two reports.\n');
        // A report by its id (what a statement cites) and label (scam type, victim country, date); an identifier by type and value.
        else process.stdout.write(chain.steps.map((s, i) => `${String(i + 1).padStart(3)}. ${s.kind === 'report' ? `report ${s.id}  ${terminalText(s.label)}` : `  shares ${s.detail.replace('_', ' ')} ${terminalText(s.label)}`}\n`).join(''));
      }),
    );

  networks
    .command('export')
    .description('A network as JSON, GraphML or GEXF (for Gephi or i2-style tools), as an organisation may see it')
    .argument('<id>', 'the network id')
    .requiredOption('--org <id>', 'export with this organisation’s view')
    .addOption(new Option('--format <format>', 'the file format').choices(['json', 'graphml', 'gexf']).default('json'))
    .option('--out <file>', 'write the file here instead of standard output (never over a file that exists)')
    .action((id: string, opts: { org: string; format: 'json' | 'graphml' | 'gexf'; out?: string }) =>
      withNetworks(opts.org, async ({ service, actor }) => {
        const networkId = parseId('<id>', id);
        // Checked before the export, which is audited: a file that cannot be written would leave an export
        // on record that nobody received.
        if (opts.out && fs.existsSync(opts.out)) throw new UsageError(`--out ${opts.out} already exists; choose a new file name`);
        if (opts.out && !fs.existsSync(path.dirname(path.resolve(opts.out)))) throw new UsageError(`--out ${opts.out}: ${path.dirname(opts.out)} does not exist`);
        const file = await service.export(actor, { actor: OPERATOR, requestId: 'cli-networks-export' }, networkId, opts.format);
        if (!opts.out) {
          process.stdout.write(file.body.endsWith('\n') ? file.body : `${file.body}\n`);
          return;
        }
        fs.writeFileSync(opts.out, file.body, { flag: 'wx' });
        process.stdout.write(`Wrote network ${networkId} as ${opts.format} (${Buffer.byteLength(file.body)} bytes) to ${opts.out}\n`);
      }),
    );
}

type ListOptions = {
  org: string;
  country?: string;
  scamType?: string;
  indicatorType?: string;
  minReports?: string;
  activeSince?: string;
  crossBorder?: boolean;
  limit: string;
  cursor?: string;
  json?: boolean;
};

/** The list's options as the API's query, checked by its schema and refused by the option's name. */
function listQuery(opts: ListOptions) {
  const query = {
    country: opts.country?.toUpperCase(),
    scamType: opts.scamType,
    indicatorType: opts.indicatorType,
    minReports: opts.minReports,
    activeSince: opts.activeSince,
    crossBorder: opts.crossBorder ? 'true' : undefined,
    limit: opts.limit,
    cursor: opts.cursor,
  };
  const parsed = listNetworksQuerySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  const option = `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new UsageError(`${option}: ${issue.message}`);
}

function parseId(option: string, value: string): string {
  if (!idSchema.safeParse(value).success) throw new UsageError(`${option} ${terminalText(value)}: is not an id (a UUID)`);
  return value;
}

/**
 * Runs a view command with the network service and a read-only machine actor of the organisation. The
 * linker drains what is queued first, so the figures include every report stored so far, and stops
 * before the database closes.
 */
async function withNetworks(orgId: string, run: (context: { service: NetworkService; actor: ApiKeyActor }) => Promise<void>): Promise<void> {
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
  });
}

const usd = (cents: number) => (cents === 0 ? '—' : `USD ${Math.round(cents / 100).toLocaleString('en')}`);
const plural = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** What the viewer may not see: the "N more from K partners" hint, never more. */
function hiddenLine(hidden: NetworkSummary['hidden']): string {
  if (hidden.reports === 0) return '';
  const holders = hidden.holders.map((h) => `${h.organisationType} (${h.country})`).join(', ');
  return `    ${plural(hidden.reports, 'more report')} from ${plural(hidden.organisations, 'partner organisation')} you cannot see: ${holders}${hidden.accessRequest ? ' (ask for access in the web app or the API)' : ''}\n`;
}

function summaryLines(n: NetworkSummary, rank: number): string {
  const label = n.labelIndicator ? `around ${n.labelIndicator.type.replace('_', ' ')} ${terminalText(n.labelIndicator.display)}` : 'no identifier joins two of its reports you see';
  return (
    `${String(rank).padStart(3)}. ${n.id}  score ${n.score.toFixed(1)}  ${label}\n` +
    `    ${plural(n.reports, 'report')}, ${plural(n.indicators, 'identifier')}, loss ${usd(n.lossUsdTotal)}; victims in ${n.victimCountries.join(' ') || '—'}` +
    `${n.crossBorder ? ' (cross-border)' : ''}; last activity ${n.lastActivity?.slice(0, 10) ?? '—'}, +${n.growth30d} in 30 days\n` +
    hiddenLine(n.hidden)
  );
}

function detailText(n: NetworkDetail): string {
  const lines = [
    summaryLines(n, 1).replace(/^ {2}1\. /, 'Network '),
    `    reported by ${plural(n.reportingOrganisations, 'organisation')} in ${n.reportingCountries.join(' ') || '—'}; scam types ${n.scamTypes.join(', ') || '—'}; median loss ${usd(n.lossUsdMedian)}; first activity ${n.firstActivity?.slice(0, 10) ?? '—'}\n`,
    `Key identifiers (most reports first):\n`,
    ...n.keyIndicators.slice(0, 15).map((k) => `  ${k.type.padEnd(18)} ${terminalText(k.display)}  ${plural(k.reports, 'report')}, victims in ${k.countries.join(' ')}\n`),
    `Countries (victims / reports made there):\n`,
    `  ${n.countryCounts.map((c) => `${c.country} ${c.victims}/${c.reports}`).join('  ') || '—'}\n`,
    `History (newest first):\n`,
    ...(n.history.length === 0
      ? ['  no merges, splits or decisions yet\n']
      : n.history.slice(0, 15).map((h) => `  ${h.at.slice(0, 19).replace('T', ' ')}  ${h.kind}${h.pieces ? ` into ${h.pieces}` : ''}${h.indicatorDisplay ? ` ${terminalText(h.indicatorDisplay)}` : ''}${h.reason ? `: ${terminalText(h.reason)}` : ''}${h.undone ? ' (withdrawn)' : ''}\n`)),
  ];
  return lines.join('');
}
