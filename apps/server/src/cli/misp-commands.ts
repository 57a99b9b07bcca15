import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { mispExportRequestSchema, type MispEventResult } from '@gpos/contracts';
import { operatorFor, type ApiKeyActor } from '../platform/auth/index.js';
import { createIntelligence } from '../intelligence.js';
import { createMispExportService, createMispImportService, createOwnReportLookup, readMispSource } from '../modules/misp/index.js';
import { summarise } from '../modules/misp/misp-import.js';
import type { Submitter } from '../modules/reports/index.js';
import { callerPath, count, EXIT, type FieldOptions, fileRefusalText, jsonForTerminal, NotFoundError, organisationFor, parseWith, plural, terminalText, UsageError, withDeps } from './cli-support.js';
import { exportToOutFile } from './out-file.js';

/** Feed files read and imported per round: a large feed never sits in memory at once. */
const FILES_PER_ROUND = 100;

/** The skip reasons of a document that holds no MISP event at all (misp-parse.ts). */
const NOT_AN_EVENT = new Set(['misp.error_no_event_fields', 'misp.error_empty_object', 'misp.error_empty_list', 'misp.error_sighting_or_attribute']);

function line(result: MispEventResult): string {
  const reasons = new Map<string, number>();
  for (const s of result.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const listed = result.skipped.length + result.skippedNotListed;
  const skipped =
    result.counts.skipped > 0
      ? `, ${count(result.counts.skipped)} skipped, listed as ${count(listed)} entr${listed === 1 ? 'y' : 'ies'} (${[...reasons].map(([r, n]) => `${count(n)} ${r}`).join(', ')}${result.skippedNotListed > 0 ? `, ${count(result.skippedNotListed)} beyond the listing bound` : ''})`
      : '';
  const head = `${result.status.toUpperCase().padEnd(9)} ${terminalText(result.source)}${result.eventUuid ? ` [${terminalText(result.eventUuid)}]` : ''}${result.info ? ` “${terminalText(result.info.slice(0, 60))}”` : ''}`;
  const body =
    result.status === 'accepted' || result.status === 'duplicate'
      ? `report ${result.reportIds.join(', ')} — ${result.tlp}, ${result.scamType}, victims in ${result.victimCountry}; ${count(result.counts.mapped)} of ${plural(result.counts.attributes, 'attribute')} mapped${skipped}`
      : `${result.errors.map((e) => `${terminalText(e.path)}: ${terminalText(e.message)}`).join('; ')}${result.counts.attributes > 0 ? ` (${plural(result.counts.attributes, 'attribute')}${skipped})` : ''}`;
  return `${head}\n          ${body}\n`;
}

/** The export request's fields, as the options of `gpos misp export` that set them. */
const EXPORT_OPTIONS: FieldOptions = { reportIds: '--report', info: '--info' };

/** `gpos misp import|export`: MISP interchange from the console. */
export function mispCommand(): Command {
  const misp = new Command('misp').description('Import MISP events (files, feed directories) as reports; export reports as a MISP event');

  misp
    .command('import')
    .description('Import a MISP JSON file (any shape MISP writes) or a MISP feed directory (manifest.json + <uuid>.json) on behalf of an organisation')
    .argument('<file-or-feed-dir>', 'a MISP JSON file or feed directory')
    .requiredOption('--org <id>', 'the reporting organisation (its id or short name)')
    .option('--json', 'print the full result (every mapped and skipped attribute) as JSON')
    .action((typed: string, opts: { org: string; json?: boolean }) =>
      withDeps(async (deps) => {
        const target = callerPath(typed);
        const org = await organisationFor(deps, opts.org, 'write');
        if (!fs.existsSync(target)) throw new NotFoundError(fileRefusalText('<file-or-feed-dir>', 'does not exist', target));
        const source = await readMispSource(target).catch((error: unknown) => {
          // Its message names the file and quotes what is in it: made safe for the terminal.
          throw new UsageError(terminalText(error instanceof Error ? error.message : String(error)));
        });
        const intelligence = await createIntelligence(deps);
        const imports = createMispImportService({ ingest: intelligence.ingest, ownReports: createOwnReportLookup(deps.db) });
        const submitter: Submitter = { organisationId: org.id, organisationCountry: org.country, userId: null, apiKeyId: null };
        const context = { actor: operatorFor(org.id), requestId: `cli-misp-import:${path.basename(target)}`.slice(0, 64) };
        const events: MispEventResult[] = [];
        for (let i = 0; i < source.entries.length; i += FILES_PER_ROUND) {
          const documents = await Promise.all(source.entries.slice(i, i + FILES_PER_ROUND).map((entry) => entry.load()));
          const result = await imports.importDocuments(submitter, context, documents);
          events.push(...result.events);
          if (!opts.json) for (const event of result.events) process.stdout.write(line(event));
        }
        // Work queued after commit (network linking) must finish, and the linker stop, before the command
        // closes the database.
        await intelligence.networkLinker.settle();
        await intelligence.networkLinker.stop();
        await intelligence.closeWorkers();
        const summary = summarise(events);
        if (opts.json) process.stdout.write(`${jsonForTerminal({ events, summary })}\n`);
        else {
          process.stdout.write(
            // Counted as import counts its lines (plural, count): "1 event", "1 duplicate", "1,204 attributes".
            `${plural(summary.events, 'event')} from ${source.kind === 'feed' ? `feed ${target} (${count(source.entries.length)} listed)` : target}: ` +
              `${count(summary.accepted)} accepted, ${plural(summary.duplicates, 'duplicate')}, ${count(summary.rejected)} rejected, ${count(summary.skipped)} skipped; ` +
              `${plural(summary.reportsStored, 'report')} stored (${plural(summary.identifiersStored, 'identifier')}); ` +
              `${count(summary.mapped)} of ${plural(summary.attributes, 'attribute')} mapped, ${count(summary.skippedAttributes)} skipped (--json lists each with its reason)\n`,
          );
        }
        // A document that is no MISP event (a GPOS NDJSON file, `{}`…) is skipped like an event without
        // identifiers, but for the operator it is input that was not read: exit as for rejected input.
        const notEvents = events.filter((e) => e.errors.some((error) => error.code !== undefined && NOT_AN_EVENT.has(error.code)));
        if (summary.rejected > 0 || notEvents.length > 0) process.exitCode = EXIT.REJECTED;
      }),
    );

  misp
    .command('export')
    .description('Export reports as one MISP event JSON, as an organisation may see them (others are not found)')
    .requiredOption('--report <id...>', 'the reports to export')
    .requiredOption('--org <id>', 'export with this organisation’s view (its id or short name)')
    .option('--info <text>', 'the event title (default: built from the reports)')
    .option('--out <file>', 'write the event to this file instead of standard output')
    .action((opts: { report: string[]; org: string; info?: string; out?: string }) =>
      withDeps(async (deps) => {
        const request = parseWith(mispExportRequestSchema, { reportIds: opts.report, ...(opts.info ? { info: opts.info } : {}) }, EXPORT_OPTIONS, { reportIds: 'report' });
        const org = await organisationFor(deps, opts.org, 'read');
        // Like `gpos check`: the organisation's eyes, as a read-only machine actor of it.
        const actor: ApiKeyActor = { kind: 'api_key', apiKeyId: 'cli', scopes: ['read'], organisationId: org.id, organisationType: org.type as ApiKeyActor['organisationType'], organisationCountry: org.country };
        const exportEvent = () => createMispExportService(deps).exportReports(actor, { actor: operatorFor(org.id), requestId: 'cli-misp-export' }, request);
        // The service's refusals keep their own exit codes: a report not found (or not visible), one retracted.
        if (!opts.out) {
          process.stdout.write(`${JSON.stringify(await exportEvent(), null, 2)}\n`);
          return;
        }
        // Made before the export, which is audited: a file that cannot be written is said (exit 2) before
        // an export is on record that nobody received.
        const { document } = await exportToOutFile(opts.out, async () => {
          const document = await exportEvent();
          return { document, body: `${JSON.stringify(document, null, 2)}\n` };
        });
        process.stdout.write(`Wrote MISP event ${document.Event.uuid} (${document.Event.Attribute.length} attributes, ${document.Event.Object.length} objects) to ${opts.out}\n`);
      }, { fields: EXPORT_OPTIONS }),
    );
  return misp;
}
