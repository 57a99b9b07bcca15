import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { INDICATOR_TYPES, rawIndicatorSchema, STIX_LIMITS, stixImportQuerySchema, type IndicatorType, type LookupResult } from '@gpos/contracts';
import { operatorFor, type ApiKeyActor } from '../platform/auth/index.js';
import { createIntelligence } from '../intelligence.js';
import { normaliseIndicator, type RawIndicator } from '../modules/indicators/index.js';
import { CSV_COLUMNS, ENCODING_MARK_BYTES, notUtf8File, runBulkIngest, type BulkSummary, type Submitter } from '../modules/reports/index.js';
import { readStixBundleFile, runStixImportFile } from '../modules/stix/stix-cli.js';
import { AppError } from '../platform/errors.js';
import { resultText } from './lookup-text.js';
import { wrapLine, wrapText } from './text-wrap.js';
import { importFormat } from './import-format.js';
import { callerPath, count, EXIT, fileRefusal, fileRefusalText, jsonForTerminal, NotFoundError, optionRefusal, organisationFor, plural, RejectedInputError, terminalText, unwritableReason, UsageError, withDeps } from './cli-support.js';

/** The first `bytes` bytes of a file (fewer if it is shorter). */
function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(bytes);
    return head.subarray(0, fs.readSync(fd, head, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** `gpos import <file>`: a bulk upload from the console, with a progress bar and the rejected lines kept. */
export function importCommand(): Command {
  return new Command('import')
    .description('Import scam reports from an NDJSON (.ndjson/.jsonl) or CSV (.csv) file, or a STIX 2.1 bundle (JSON), on behalf of an organisation; a file of another name is read as NDJSON when its first line that is not blank starts with "{", as CSV otherwise')
    .argument('<file>', 'the file to import')
    .requiredOption('--org <id>', 'the reporting organisation (its id or short name)')
    .option('--rejected <file>', 'where to write the result of each rejected line, its number and reasons, one JSON line each (default: <file>.rejected.ndjson; never a file that exists)')
    .option('--partial', 'STIX bundles: import the valid part when some objects are rejected (default: all or nothing)')
    .option('--source-node <name>', "STIX bundles: the node the bundle came from, kept as provenance; the CLI is the node's operator, so it speaks for that node (its versions may set any marking on the node's reports)")
    .option('--json', 'print the result as JSON: the summary (NDJSON, CSV), the per-object result (STIX bundles)')
    // What a file must hold, where a person looks first (the README has the rest: POST /api/v1/reports/bulk).
    .addHelpText(
      'after',
      [
        '',
        'NDJSON: one report per line, as POST /api/v1/reports takes it (loss as',
        '  {amount, currency}, the amount in minor units).',
        'CSV: a header naming these columns:',
        ...wrapLine(`  ${CSV_COLUMNS.join(', ')}`, 80).map((line) => line.replace(/^ {4}/, '  ')),
        '  (indicators as type:value pairs separated by ";", lossAmount in main units',
        '  such as 15000.50).',
        'A line without an idempotencyKey gets one from its line number and content:',
        'importing the same file again stores none of its lines twice.',
        '',
      ].join('\n'),
    )
    .action((typedFile: string, typedOpts: { org: string; rejected?: string; partial?: boolean; sourceNode?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        // Relative names are the caller's (npm runs the script from the repository's root).
        const file = callerPath(typedFile);
        const opts = { ...typedOpts, ...(typedOpts.rejected !== undefined ? { rejected: callerPath(typedOpts.rejected) } : {}) };
        // Checked as the API checks `sourceNode` (a node name, shown as provenance: no control characters),
        // and said by the option's name.
        const sourceNode = stixImportQuerySchema.shape.sourceNode.safeParse(opts.sourceNode);
        if (!sourceNode.success) throw optionRefusal('--source-node', sourceNode.error.issues[0]!.message, opts.sourceNode ?? '');
        if (!fs.existsSync(file)) throw new NotFoundError(fileRefusalText('<file>', 'does not exist', file));
        if (fs.statSync(file).isDirectory()) throw fileRefusal('<file>', 'is a directory; give a file (.ndjson, .jsonl, .csv, or a STIX bundle)', file);
        // Its format is told from its start, then it is read again from there: a pipe (`/dev/stdin`) cannot be.
        if (!fs.statSync(file).isFile()) throw fileRefusal('<file>', 'is not a file (a pipe or a device): save the input to a file, then import that', file);
        const org = await organisationFor(deps, opts.org, 'write');
        // A file saved as UTF-16 (Excel's "Unicode Text") is refused whole, before any line is read: read
        // as UTF-8, every line of it would be refused on its own, or be garbage.
        const notUtf8 = notUtf8File(readHead(file, ENCODING_MARK_BYTES));
        if (notUtf8) throw new RejectedInputError(`${file} ${notUtf8.message}`);
        // A STIX 2.1 bundle (one JSON document of type "bundle") is recognised by content and mapped by the STIX module.
        // A bundle that is no bundle (not JSON, too large, refused whole by the importer) is input rejected
        // as a whole: the same exit code as rejected objects, not an unexpected failure.
        let bundle: unknown;
        try {
          bundle = readStixBundleFile(file);
        } catch (error) {
          // A file that cannot be read (EACCES…) is no verdict on its content: that stays a failure.
          // Its message quotes the file (a JSON parser's excerpt, a key's path): made safe for the terminal.
          if (error instanceof Error && !('code' in error)) throw new RejectedInputError(terminalText(error.message));
          throw error;
        }
        if (bundle !== null) {
          // Rejected lines are an NDJSON or CSV file's: a bundle is answered per object, and writes no such file.
          if (opts.rejected !== undefined) throw new UsageError(`--rejected applies to NDJSON and CSV files only; ${terminalText(file)} is a STIX bundle, whose objects are answered one by one`);
          if (typeof bundle === 'object' && 'tooLarge' in bundle) {
            throw new RejectedInputError(`${file} is a STIX bundle of ${String(bundle.tooLarge)} bytes; at most ${STIX_LIMITS.bundleBytes} bytes are imported at once — split it`);
          }
          const stixIntelligence = await createIntelligence(deps);
          try {
            const result = await runStixImportFile(deps, stixIntelligence.stixImport, org, file, bundle, { ...opts, sourceNode: sourceNode.data }).catch((error: unknown) => {
              if (error instanceof AppError && (error.code === 'validation_failed' || error.code === 'payload_too_large')) throw new RejectedInputError(error.message);
              throw error;
            });
            if (result.summary.rejected > 0) process.exitCode = EXIT.REJECTED;
            // The linker drains after each commit: let it finish before the database closes.
            await stixIntelligence.networkLinker.settle();
          } finally {
            await stixIntelligence.networkLinker.stop();
            await stixIntelligence.closeWorkers();
          }
          return;
        }
        // The two STIX options mean nothing to NDJSON or CSV lines, each accepted or rejected on its own:
        // an operator who gave them expects something this import would not do.
        const format = importFormat(file);
        const stixOnly = [opts.partial ? '--partial' : null, opts.sourceNode !== undefined ? '--source-node' : null].filter((o) => o !== null);
        if (stixOnly.length > 0) throw new UsageError(`${stixOnly.join(' and ')} ${stixOnly.length > 1 ? 'apply' : 'applies'} to STIX bundles only; ${file} is read as ${format === 'csv' ? 'CSV' : 'NDJSON'}, where each line is accepted or rejected on its own`);
        // The rejected lines' file: never the input (opening it for writing would empty it), never a file
        // that exists already — the default's name too, which may hold anything (CLI review, session 24: an
        // operator's file of that name was overwritten, then removed when nothing was rejected).
        // (STIX bundles above answer per object and write no such file.) It is made at the first rejected
        // line, so an import that rejects nothing, or is stopped first (Ctrl-C), leaves none behind.
        const rejectedPath = opts.rejected ?? `${file}.rejected.ndjson`;
        if (path.resolve(rejectedPath) === path.resolve(file)) throw fileRefusal('--rejected', 'is the file being imported; give another file', rejectedPath);
        if (fs.existsSync(rejectedPath)) {
          throw new UsageError(
            opts.rejected !== undefined
              ? fileRefusalText('--rejected', 'exists already; give another file, or remove it', rejectedPath)
              : `${terminalText(rejectedPath)} exists already (an earlier import's rejected lines?): remove it, or give --rejected <file>`,
          );
        }
        if (!fs.existsSync(path.dirname(path.resolve(rejectedPath)))) throw fileRefusal('--rejected', 'is in a directory that does not exist', rejectedPath);
        // Tried before any line is stored: a place that cannot be written is said (exit 2) with nothing done,
        // not found at the first rejected line, after earlier lines were stored (input review, session 58).
        try {
          fs.closeSync(fs.openSync(rejectedPath, 'wx'));
          fs.rmSync(rejectedPath);
        } catch (error) {
          throw fileRefusal('--rejected', `cannot be written: ${unwritableReason(error)}`, rejectedPath);
        }
        const intelligence = await createIntelligence(deps);
        const size = fs.statSync(file).size;
        const input = fs.createReadStream(file);
        const bar = new cliProgress.SingleBar({ format: 'Importing [{bar}] {percentage}% | {value}/{total} bytes | {accepted} accepted, {duplicates} duplicate, {rejected} rejected | {eta_formatted} left', hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(size, 0, { accepted: '0', duplicates: '0', rejected: '0' });
        let rejected: fs.WriteStream | null = null;
        let rejectedCount = 0;
        const firstRejected: string[] = [];
        let unwritable: UsageError | null = null;
        // Result lines: keep the rejected ones (line number and reasons) for the operator to fix.
        const results = new Writable({
          write(chunk, _encoding, done) {
            try {
              for (const line of String(chunk).split('\n')) {
                if (!line.includes('"status":"rejected"')) continue;
                // 'wx': never a file that exists (one made since the check above included).
                rejected ??= fs.createWriteStream('', { fd: fs.openSync(rejectedPath, 'wx') });
                rejected.write(`${line}\n`);
                rejectedCount += 1;
                if (firstRejected.length < SHOWN_REJECTIONS) firstRejected.push(line);
              }
              done();
            } catch (error) {
              unwritable = fileRefusal('--rejected', `cannot be written: ${unwritableReason(error)}`, rejectedPath);
              done(unwritable);
            }
          },
        });
        // A write that failed (a disk full since the check above) is `unwritable`, said when the import stops:
        // the stream's own 'error' event, unheard, would end the process with a stack trace instead.
        results.on('error', () => undefined);
        const closeAll = async () => {
          bar.stop();
          await intelligence.networkLinker.stop();
          await intelligence.closeWorkers();
          const file = rejected;
          if (file) await new Promise<void>((resolve) => file.end(resolve));
        };
        const submitter: Submitter = { organisationId: org.id, organisationCountry: org.country, userId: null, apiKeyId: null };
        let committed: BulkSummary | null = null;
        let summary: BulkSummary;
        // Ctrl-C stops reading: the lines read so far are stored and answered (their rejected ones all in the
        // rejected lines' file), then it says how far it got and how to go on, and exits 130. A second
        // Ctrl-C stops at once, as without this (what was committed stays; Node's default handler is back).
        const interrupt = new AbortController();
        const onInterrupt = () => {
          interrupt.abort();
          bar.stop();
          process.stderr.write('Stopping: finishing the lines read so far (Ctrl-C again to stop at once)…\n');
        };
        process.once('SIGINT', onInterrupt);
        try {
          summary = await runBulkIngest(
            intelligence.ingest,
            submitter,
            { actor: operatorFor(org.id), requestId: `cli-import:${path.basename(file)}` },
            input,
            format,
            results,
            (progress) => {
              committed = progress;
              // Counts grouped as the summary's "100,000 lines" is: 99980 beside it read as a different kind of number.
              bar.update(input.bytesRead, { accepted: count(progress.accepted), duplicates: count(progress.duplicates), rejected: count(progress.rejected) });
            },
            // A line without an idempotencyKey gets one from its line number and content (lineKey, as the web
            // upload page asks for too): importing the same file again stores none of it twice.
            { keylessLines: 'derive', stop: interrupt.signal },
          );
          // The last rejected line's result may be the one that could not be kept.
          if (unwritable) throw unwritable;
        } catch (error) {
          // What was stored before the failure stays stored: say how far it got, so a re-run (with the same
          // idempotency keys) is known to be safe and what it has left to do.
          const so = committed as BulkSummary | null;
          bar.stop();
          process.stderr.write(
            so ? `Stopped after ${plural(so.lines, 'line')}: ${count(so.accepted)} accepted, ${plural(so.duplicates, 'duplicate')}, ${count(so.rejected)} rejected are stored or answered; the rest was not imported\n` : 'Stopped before any line was stored\n',
          );
          // Closing must not hide why it stopped.
          await closeAll().catch(() => undefined);
          throw unwritable ?? error;
        } finally {
          process.off('SIGINT', onInterrupt);
        }
        if (interrupt.signal.aborted) {
          // Every line read was answered, so the rejected lines' file is whole for them; the linker left
          // what it had queued for the next process that starts (network-queue.ts).
          await closeAll();
          process.stderr.write(interruptedText(summary, rejectedCount > 0 ? rejectedPath : null, opts.rejected !== undefined));
          process.exitCode = EXIT_INTERRUPTED;
          return;
        }
        bar.update(size);
        try {
          // The linker drains after each commit: let it finish before the database closes (every line is stored already).
          await intelligence.networkLinker.settle();
        } finally {
          await closeAll();
        }
        // Nothing to import is no import done (CLI review: "0 lines … 0 rejected", exit 0, read as all well): said
        // as an empty STIX bundle is, input rejected whole (exit 3). Blank lines are no lines; a CSV header is none.
        if (summary.lines === 0) throw new RejectedInputError(`No reports in ${terminalText(file)}: it is empty, holds blank lines only, or a CSV header alone; nothing was imported`);
        if (opts.json) process.stdout.write(`${jsonForTerminal({ ...summary, rejectedFile: rejectedCount > 0 ? rejectedPath : null })}\n`);
        else {
          process.stdout.write(
            `${plural(summary.lines, 'line')} in ${summary.seconds} s: ${count(summary.accepted)} accepted, ${plural(summary.duplicates, 'duplicate')}, ${count(summary.rejected)} rejected` +
              `${rejectedCount > 0 ? ` (see ${rejectedPath})` : ''} — ${count(Math.round(summary.lines / Math.max(summary.seconds, 0.001)))} lines/s\n`,
          );
          // The first few reasons on the screen: a file rejected whole for one reason (a misspelt column) is
          // then fixed without opening the rejected lines' file.
          process.stdout.write(firstRejected.map(rejectionText).join(''));
          if (rejectedCount > firstRejected.length) process.stdout.write(`  … and ${count(rejectedCount - firstRejected.length)} more rejected lines in ${rejectedPath}\n`);
        }
        if (summary.rejected > 0) process.exitCode = EXIT.REJECTED;
      }),
    );
}

/** The exit code of an import stopped by Ctrl-C: 128 + SIGINT's number, as a shell says a process it stopped. */
const EXIT_INTERRUPTED = 130;

/**
 * What an import stopped by Ctrl-C says: how far it got, as the error path says it, where the rejected lines
 * so far are, and how to go on. The same command again is safe (every line keeps its idempotency key — its
 * own, or one from its line number and content — so the lines stored come back as duplicates), once the
 * rejected lines' file is out of the way: the run refuses a file that exists, and re-reads those lines anyway.
 */
function interruptedText(summary: BulkSummary, rejectedFile: string | null, rejectedGiven: boolean): string {
  const stored = `Stopped after ${plural(summary.lines, 'line')}: ${count(summary.accepted)} accepted, ${plural(summary.duplicates, 'duplicate')}, ${count(summary.rejected)} rejected are stored or answered; the rest was not imported\n`;
  const file = rejectedFile === null ? null : terminalText(rejectedFile);
  const where = file === null ? '' : `The rejected lines so far are in ${file}.\n`;
  const resume = file === null
    ? 'To go on, run the same command again: the lines stored already come back as duplicates.\n'
    : `To go on, move ${file} away (or give --rejected <another file>${rejectedGiven ? ' than this one' : ''}) and run the same command again: the lines stored already come back as duplicates, and the rejected ones are rejected again.\n`;
  return stored + where + resume;
}

/** How many rejected lines `gpos import` says on the screen (all are in the rejected lines' file). */
const SHOWN_REJECTIONS = 3;

/** How many of a rejected line's reasons the screen shows (all are in the rejected lines' file). */
const SHOWN_REASONS = 5;

/** A rejected line's result as one line for people: its number, then the first fields and reasons. */
function rejectionText(result: string): string {
  const { line, errors } = JSON.parse(result) as { line: number; errors: { path: string; message: string }[] };
  const shown = errors.slice(0, SHOWN_REASONS).map((e) => (e.path === '(line)' || e.path === '(more)' ? e.message : `${e.path}: ${e.message}`));
  if (errors.length > SHOWN_REASONS) shown.push(`… ${errors.length - SHOWN_REASONS} more in the rejected lines' file`);
  return `  line ${line}: ${terminalText(shown.join('; '))}\n`;
}

/** `gpos check <value>...`: a lookup from the console, seen as one organisation would see it. */
export function checkCommand(): Command {
  return new Command('check')
    .description('Look identifiers up as an organisation would see them')
    .argument('<values...>', 'phone numbers, accounts, wallets, URLs, handles…')
    .requiredOption('--org <id>', 'look up with this organisation’s view (its id or short name)')
    .addOption(new Option('--type <type>', 'the values’ type (detected when absent)').choices(INDICATOR_TYPES))
    .option('--country <code>', 'country of national phone and account numbers (default: the organisation’s)')
    .option('--bank-code <code>', 'BIC or national bank code of national account numbers')
    .option('--chain <chain>', 'chain of wallet addresses (detected when absent)')
    .option('--platform <name>', 'platform of handles (telegram, line, whatsapp…)')
    .option('--json', 'print JSON, as POST /api/v1/lookup answers: {results: [...]}')
    // What the answer holds and what it never says, where a person looks first (the README has the rest).
    .addHelpText(
      'after',
      [
        '',
        'Each value: its canonical form; what the organisation may see of it (status, score,',
        'reports, organisations, countries, loss, first and last seen, scam types); the kinds and',
        'countries of partners holding reports it may not see — never what they say, nor how many —',
        'with the API call that asks them for access (what the web app\'s Request access button',
        'sends; the reason, at least 10 characters, reaches every holder); then each identifier',
        'it implies (a URL\'s domain, a WhatsApp account\'s phone), found or not.',
        '',
      ].join('\n'),
    )
    .action((values: string[], opts: { org: string; type?: IndicatorType; country?: string; bankCode?: string; chain?: string; platform?: string; json?: boolean }) =>
      withDeps(async (deps) => {
        const org = await organisationFor(deps, opts.org, 'read');
        const intelligence = await createIntelligence(deps);
        // The console looks with the organisation's eyes: a read-only machine actor of that organisation.
        const actor: ApiKeyActor = { kind: 'api_key', apiKeyId: 'cli', scopes: ['read'], organisationId: org.id, organisationType: org.type as ApiKeyActor['organisationType'], organisationCountry: org.country };
        // The linker drains what is queued whenever a process starts (network-queue.ts): it must be done
        // before withDeps closes the database, or its drain fails on a closed connection.
        const hints = { type: opts.type, country: opts.country?.toUpperCase(), bankCode: opts.bankCode, chain: opts.chain, platform: opts.platform };
        const given = Object.fromEntries(Object.entries(hints).filter(([, hint]) => hint !== undefined)) as Omit<RawIndicator, 'value'>;
        // Checked as the API checks a lookup's hints, and said by the option's name: a usage error, not a
        // value that is no identifier (input review, session 26: `--country ZZ` was blamed on the type).
        const checked = rawIndicatorSchema.safeParse({ ...given, value: 'x' });
        if (!checked.success) {
          const issue = checked.error.issues[0]!;
          const option = { type: '--type', country: '--country', bankCode: '--bank-code', chain: '--chain', platform: '--platform' }[String(issue.path[0])] ?? String(issue.path[0]);
          // Quoted as typed (`--country zz`, not the `ZZ` the lookup was given).
          const typed = opts[String(issue.path[0]) as keyof typeof hints];
          throw typeof typed === 'string' ? optionRefusal(option, issue.message, typed) : new UsageError(`${option}: ${issue.message}`);
        }
        // Without --type, a value the chain or platform does not fit (read as a phone number) ignores it, so
        // one the normaliser does not know was never said (CLI review: `--platform myspacex abc`): tried on
        // its own, as the types that read it would read it, and refused by its option whatever the values.
        const hintUnknown = given.type === undefined ? unknownHint(given) : null;
        if (hintUnknown) {
          await intelligence.networkLinker.stop();
          throw optionRefusal(`--${hintUnknown.field}`, hintUnknown.reason.replace(/^"[^"]*" is /, 'is ').replace(/\.$/, ''), opts[hintUnknown.field] ?? '');
        }
        const results = await intelligence.lookup.lookup(actor, values.map((value) => ({ ...given, value }))).finally(() => intelligence.networkLinker.stop());
        // A chain or platform the normaliser does not know is the option's fault, not each value's: said once,
        // by the option, as `--country ZZ` is (CLI review, session 58: it was blamed on every value, exit 3).
        const hintRefused = results.find((r) => r.error && HINT_REFUSALS[r.error.code ?? ''] === r.error.field)?.error;
        if (hintRefused) throw optionRefusal(`--${hintRefused.field}`, hintRefused.reason.replace(/^"[^"]*" is /, 'is ').replace(/\.$/, ''), opts[hintRefused.field as 'chain' | 'platform'] ?? '');
        // A value that is not an identifier was read and rejected: the lookup of the others still answers.
        if (results.some((r) => r.canonical === null)) process.exitCode = EXIT.REJECTED;
        if (opts.json) {
          // As POST /api/v1/lookup answers ({results}, in the order asked), not a bare array: one shape for scripts.
          process.stdout.write(`${jsonForTerminal({ results })}\n`);
          return;
        }
        // As the lookup page shows each answer (lookup-text.ts), wrapped to the terminal.
        process.stdout.write(wrapText(results.map((r) => resultText(r, r.error ? hintOf(r.error, r.input, given, org.country) : null)).join('')));
      }),
    );
}

/** The normaliser's refusals of a hint itself, by code: the hint they are about. */
const HINT_REFUSALS: Readonly<Record<string, 'chain' | 'platform'>> = { 'crypto.unknown_chain': 'chain', 'account.unknown_platform': 'platform' };

/**
 * A --chain or --platform (given without --type) that no type reading it knows: the normaliser's refusal of it
 * on a probe value of each such type (a wallet for a chain; a messaging account and an app for a platform,
 * since `android` and `ios` are apps' platforms), or null when one of them takes it.
 */
function unknownHint(given: Omit<RawIndicator, 'value'>): { field: 'chain' | 'platform'; reason: string } | null {
  const probes: [field: 'chain' | 'platform', RawIndicator[]][] = [
    ['chain', given.chain === undefined ? [] : [{ type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7', chain: given.chain }]],
    ['platform', given.platform === undefined ? [] : [{ type: 'messaging_account', value: 'probe', platform: given.platform }, { type: 'app', value: 'com.example.app', platform: given.platform }]],
  ];
  for (const [field, raws] of probes) {
    const refusals = raws.map((raw) => normaliseIndicator(raw, { reporterCountry: null })).map((r) => (!r.ok && UNKNOWN_HINT_CODES.has(r.code) ? r.reason : null));
    if (refusals.length > 0 && refusals.every((reason) => reason !== null)) return { field, reason: refusals[0]! };
  }
  return null;
}

/** The normaliser's refusals of a chain or platform it does not know (an app's platform too). */
const UNKNOWN_HINT_CODES: ReadonlySet<string> = new Set(['crypto.unknown_chain', 'account.unknown_platform', 'app.unknown_platform']);

/** The option that gives each hint a value may need. */
const HINT_OPTIONS: Record<string, string> = { type: '--type <type>', country: '--country <code>', bankCode: '--bank-code <code>', chain: '--chain <chain>', platform: '--platform <name>' };

/**
 * The option that would have read a refused value, said as the console's (the reason is the API's, which
 * says "give its type" or "the bank is needed"), and only when that option was not given. A national
 * number is read in the organisation's country: one of another country is refused as no number there, or
 * as nothing recognisable, until --country names it.
 */
function hintOf(error: NonNullable<LookupResult['error']>, input: string, given: Partial<Record<string, string>>, orgCountry: string): string | null {
  const national = /^[\d\s().-]+$/.test(input.trim()) && given.country === undefined;
  if (error.field === 'type' && given.type === undefined) {
    return national ? `hint: a national number of another country than ${orgCountry}? give --country <code>; otherwise --type <type>` : 'hint: give --type <type>';
  }
  if (error.field in HINT_OPTIONS && given[error.field] === undefined) return `hint: give ${HINT_OPTIONS[error.field]}`;
  if (national && error.params?.region === orgCountry) return `hint: read as a number of ${orgCountry} (the organisation's country); give --country <code> for another country's`;
  return null;
}
