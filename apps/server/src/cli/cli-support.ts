import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { z } from 'zod';
import { CommanderError } from 'commander';
import { CONTROL_CHARACTERS, formatLossUsdIn, idSchema, readWholeNumber, wholeNumberRangeMessage } from '@gpos/contracts';
import { type Config, ConfigError, loadConfig } from '../config.js';
import type { ServerDeps } from '../platform/context.js';
import { AppError, type ErrorCode } from '../platform/errors.js';
import { quotedValue, valueAt, withQuote } from '../platform/http/validation-errors.js';
import { quoteText } from '../platform/quote-text.js';
import { isSecretName } from '../platform/secret-fields.js';
import { depsOf, openConfiguredDatabase, sqliteFileOf } from '../runtime.js';
import { migrateToLatest, redactUrl, type DatabaseHandle } from '../db/index.js';

/**
 * Runs a command against the configured database, closing it afterwards whatever happens. Only a command
 * that `creates` one (demo) may start from no database: for any other, a missing SQLite file means
 * DATA_DIR points somewhere else than the operator thinks, and an empty database made there would
 * answer "(none)" or "intact: 0 events" as if all were well.
 */
export async function withDeps(action: (deps: ServerDeps) => Promise<void>, options: { creates?: boolean; fields?: FieldOptions } = {}): Promise<void> {
  const config = loadConfig();
  if (!options.creates) requireDatabase(config);
  // Opened unmigrated first: on PostgreSQL, migrating an empty database (or a wrong one) would make it a
  // platform of its own, and the command would answer "(none)" from it as if all were well.
  const handle = await openConfiguredDatabase(config, { migrate: false });
  try {
    try {
      if (!options.creates) await requireMigratedDatabase(handle, config);
      await migrateToLatest(handle);
    } catch (error) {
      throw missingDatabaseRefusal(error, config);
    }
    await action(depsOf(handle, config));
  } catch (error) {
    throw options.fields ? serviceFieldRefusal(error, options.fields) : error;
  } finally {
    await handle.close();
  }
}

/**
 * The option (or argument, or variable) that fed each of the API's fields a command hands a service:
 * `{ note: '--note' }`. The same map serves parseWith, for the schema's refusals, and withDeps, for the
 * service's, so a field is named one way whichever refuses it.
 */
export type FieldOptions = Readonly<Record<string, string>>;

/**
 * A file named on the command line, as the operator meant it: a relative name is the caller's, so under
 * `npm --prefix /srv/gpos run -s gpos -- import good.csv` — which npm runs from the package's root — it is
 * read from the directory npm was called from (INIT_CWD, which npm sets to it). Otherwise, and when that is
 * the working directory anyway, the name is kept as typed, and said as typed. DATA_DIR is not a command's
 * file: it stays read from the working directory, as `gpos serve` reads it.
 */
export function callerPath(file: string): string {
  const caller = process.env.INIT_CWD;
  if (!caller || file === '' || path.isAbsolute(file) || path.resolve(caller) === process.cwd()) return file;
  return path.resolve(caller, file);
}

/** Refuses (exit 2) when DATA_DIR holds no SQLite database, rather than let opening it create an empty one (PostgreSQL: requireMigratedDatabase). */
export function requireDatabase(config: Config): void {
  const file = sqliteFileOf(config);
  if (!config.databaseUrl && !fs.existsSync(file)) {
    throw new UsageError(`No database at ${file} (DATA_DIR is ${config.dataDir}): point DATA_DIR at the platform's data, or create one with gpos migrate, gpos demo or gpos serve`);
  }
}

/**
 * requireDatabase for PostgreSQL, where the database DATABASE_URL names exists whether or not GPOS was ever
 * installed in it: refuses (exit 2) unless the schema its tables go in (current_schema(), as migrateToLatest
 * puts them) holds Kysely's migration table. Said with the URL's password masked. SQLite's file was checked before.
 */
async function requireMigratedDatabase(handle: DatabaseHandle, config: Config): Promise<void> {
  if (handle.engine !== 'postgres' || !config.databaseUrl) return;
  const { rows } = await sql<{ found: boolean }>`select exists (select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration') as found`.execute(handle.db);
  if (!rows[0]?.found) {
    throw new UsageError(`No GPOS database at ${redactUrl(config.databaseUrl)} (DATABASE_URL): point DATABASE_URL at the platform's database, or create one with gpos migrate, gpos demo or gpos serve`);
  }
}

/**
 * A DATABASE_URL naming a PostgreSQL database that does not exist (PostgreSQL's 3D000, "database … does not
 * exist"): as no database at DATA_DIR, a usage error (exit 2) naming the URL with its password masked, not
 * an unexpected failure (exit 1, `gpos: database "…" does not exist`). Anything else is returned as it is.
 * PostgreSQL does not make databases on connecting, and neither does `gpos migrate`: it must be created first.
 */
export function missingDatabaseRefusal(error: unknown, config: Config): unknown {
  if (!config.databaseUrl || typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== '3D000') return error;
  return new UsageError(
    `No GPOS database at ${redactUrl(config.databaseUrl)} (DATABASE_URL): PostgreSQL has no database of that name; point DATABASE_URL at the platform's database, or create the database (createdb) and then run gpos migrate`,
  );
}

/**
 * Validates CLI input with the same schema as the API, so both refuse the same things the same way.
 * `given` names where each field came from on the command line (`organisationId` is `--org`), so that a
 * refusal points at what the person typed rather than at the API's field; the value refused is quoted as
 * the API quotes it (`--note: … (got "short")`), except a credential's: neither a field whose name says it
 * holds one (withQuote) nor one given by a variable that does (GPOS_NEW_PASSWORD) is ever echoed.
 * `ids` names the kind of id a field (or each item of a list field) holds, so that one which is no UUID is
 * said as parseId says it (`--org: is not an organisation id (a UUID: see …)`) rather than as the API's
 * "must be a UUID", which does not say where to find one.
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, given: FieldOptions = {}, ids: Readonly<Record<string, IdKind>> = {}): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const kind = issue.code === 'invalid_format' && issue.format === 'uuid' ? ids[path[0] ?? ''] : undefined;
      const error = { path: path.join('.'), message: kind ? idProblem(kind) : issue.message };
      const option = optionOfField(error.path, given);
      return option !== undefined && isSecretName(option) ? error : withQuote(error, path, valueAt(value, path));
    });
    throw cliFieldRefusal(errors, given);
  }
  return result.data;
}

/**
 * A refusal of fields (the contracts' schema's issues, or a service's field errors such as `body.note`)
 * as the CLI says it: each named by the option or variable the person set (`--note: must be …`,
 * `GPOS_NEW_PASSWORD: …`) rather than by the API's field path, and exit code 2. The messages are said as
 * they come: parseWith's and a service's quote the value refused already.
 */
export function cliFieldRefusal(errors: readonly { path: string; message: string }[], given: FieldOptions): UsageError {
  const nameOf = (path: string) => optionOfField(path, given) ?? (fieldOf(path) || 'value');
  return new UsageError(errors.map((e) => `${nameOf(e.path)}: ${e.message}`).join('; '));
}

/** A field error's path without the part of the request it was in: `body.note` → `note`, `querystring.cursor` → `cursor`. */
const fieldOf = (path: string) => path.replace(/^(body|query|querystring|params)\./, '');

/** The option `given` names for a field error's path: the field's own, or the one of the top field holding it (`--report (reportIds.2)`). */
function optionOfField(path: string, given: FieldOptions): string | undefined {
  const field = fieldOf(path);
  const first = field.split('.')[0] ?? '';
  return given[field] ?? (given[first] ? `${given[first]} (${field})` : undefined);
}

/**
 * A service's refusal of fields — a 400 (`validation_failed`, `bad_request`) whose field errors name the
 * API's paths (`body.note`, `querystring.cursor`) — said as cliFieldRefusal says the schema's: by the options
 * that fed those fields, exit 2. Anything else is returned as it is: a conflict that names a field (an email
 * in use) stays a refusal as things stand (exit 5) in the service's own sentence, and a field no option fed
 * keeps the service's message, which names it as the API does.
 */
export function serviceFieldRefusal(error: unknown, given: FieldOptions): unknown {
  if (!(error instanceof AppError) || (error.code !== 'validation_failed' && error.code !== 'bad_request')) return error;
  const errors = error.details.errors ?? [];
  return errors.some((e) => optionOfField(e.path, given) !== undefined) ? cliFieldRefusal(errors, given) : error;
}

/**
 * How the CLI refuses what was typed for an option (or an argument, `<id>`, or a variable), in one style
 * whatever the option: its name, what is wrong, then the value quoted —
 * `--limit: must be a whole number from 1 to 200 (got "1e2")` — as the API's messages end in the value they
 * refuse. The value is quoted as every refusal quotes one (quotedValue, quote-text.ts): a JSON string of at
 * most QUOTE_CHARS characters, cut with "…", whose control, bidi and other invisible characters are written
 * as escapes (`"5\u202E"`), so it shows on a terminal as it is, as terminalText makes the CLI's other text
 * show. Empty text is not quoted: the problem says what is missing. Never pass a credential.
 */
export function optionRefusalText(option: string, problem: string, value: string): string {
  return withGot(`${option}: ${problem}`, quotedValue(value));
}

/** optionRefusalText as a usage error (exit 2). */
export const optionRefusal = (option: string, problem: string, value: string): UsageError => new UsageError(optionRefusalText(option, problem, value));

/**
 * Longest file name a refusal quotes, in characters: longer than other values' quotes (QUOTE_CHARS), since
 * what tells one path from another is at its end, which a quote cut at 60 characters would drop.
 */
export const PATH_QUOTE_CHARS = 256;

/** optionRefusalText for a file name (`--out`, `<file>`): quoted the same way, only cut later (PATH_QUOTE_CHARS). */
export function fileRefusalText(option: string, problem: string, file: string): string {
  return withGot(`${option}: ${problem}`, file === '' ? null : quoteText(file, PATH_QUOTE_CHARS));
}

/** fileRefusalText as a usage error (exit 2). */
export const fileRefusal = (option: string, problem: string, file: string): UsageError => new UsageError(fileRefusalText(option, problem, file));

const withGot = (said: string, quoted: string | null) => (quoted === null ? said : `${said} (got ${quoted})`);

/**
 * Why a file could not be made, as Node says it without the file's name (`EACCES: permission denied`, from
 * "EACCES: permission denied, open '…'"): the refusal quotes the name. Made safe for the terminal.
 */
export function unwritableReason(error: unknown): string {
  return terminalText(error instanceof Error ? error.message.replace(/, open '.*'$/s, '') : String(error));
}

/**
 * A whole-number option (`--limit 50`) as a number, read as the API reads its whole-number query parameters
 * (the contracts' readWholeNumber: digits only, so `1e2`, `0x10`, `+5`, `5.0` and `""` are refused) and refused
 * in the API's words, by the option: `--limit: must be a whole number from 1 to 200 (got "ten")` (optionRefusal),
 * exit 2.
 *
 * Unlike the API, spaces around the digits are dropped first. A URL has no reason to carry them, but a value
 * from a script may (`--limit "$(wc -l < file)"` is `"       3"` with BSD's wc, a spreadsheet's cell `" 3"`),
 * and they leave no doubt which number is meant; the CLI took them before, and refusing them now would break
 * such a script for nothing. What is left must still be digits: text of spaces alone is refused, not read as 0.
 */
export function wholeNumberOption(option: string, text: string, min: number, max: number): number {
  const n = readWholeNumber(text.trim());
  if (n === undefined || n < min || n > max) throw optionRefusal(option, wholeNumberRangeMessage(min, max), text);
  return n;
}

/**
 * A terminal, unlike a browser, cannot isolate one value from the rest of its line: a name or reason ending
 * in an unterminated right-to-left override (U+202E) would show the rest of the row reversed, and a C0/C1
 * control could be taken as a terminal escape sequence. So what the CLI prints for people writes these
 * characters out visibly — `<U+202E>` — and leaves every other character (right-to-left letters and the
 * U+200E/U+200F marks included) as it is. The stored value is unchanged, and `--json` parses back to it exactly
 * (`jsonForTerminal`).
 *
 * The characters are exactly those no single-line label may hold (the contracts' CONTROL_CHARACTERS: C0,
 * DEL, C1, the bidi embeddings, overrides and isolates), for the same reason, so the class is that one. The
 * CLI writes them out in every text it prints, multi-line ones too (narratives, reasons, a peer's error),
 * which keep them when stored: a browser isolates such text, a terminal does not.
 */
const TERMINAL_UNSAFE = new RegExp(CONTROL_CHARACTERS.source, 'g');
const codePoint = (ch: string) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
/** C0 controls, which JSON text holds raw only as its own layout (`JSON.stringify` escapes them in strings). */
const isC0 = (ch: string) => ch < '\u0020';

export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (ch) => `<U+${codePoint(ch)}>`);
}

/**
 * JSON for the terminal: the same document once parsed, with the bidi controls and C1 controls (which
 * `JSON.stringify` leaves raw) written as `\u202e` escapes. They can only occur inside JSON strings, where
 * the escape means the same character. The C0 controls left raw are the layout's newlines.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(TERMINAL_UNSAFE, (ch) => (isC0(ch) ? ch : `\\u${codePoint(ch).toLowerCase()}`));
}

/** The things the CLI takes by id, and where a reader finds their ids. */
const ID_KINDS = {
  organisation: { name: 'an organisation id', see: '`gpos org list`' },
  /** `--org`, which also takes an organisation's short name (organisationIdOf). */
  'organisation or short name': { name: 'an organisation id nor the short name of one', see: '`gpos org list`' },
  'API key': { name: 'an API key id', see: '`gpos apikey list`' },
  network: { name: 'a network id', see: '`gpos networks list`' },
  report: { name: 'a report id', see: 'the report nodes of `gpos networks export <id>`' },
  'access request': { name: 'an access request id', see: '`gpos access-requests list`' },
} as const;
export type IdKind = keyof typeof ID_KINDS;

/**
 * An id given on the command line (`<id>`, `--org`, …): a malformed one is a typing error (exit 2), said
 * before the database is opened, with what kind of id it must be and where to find one; PostgreSQL would
 * refuse it in the query (exit 1) rather than find nothing.
 */
export function parseId(option: string, value: string, kind: IdKind): string {
  if (!idSchema.safeParse(value).success) throw new UsageError(notAnId(option, value, kind));
  return value;
}

/** A malformed id's refusal: `<id>: is not a network id (a UUID: see `gpos networks list`) (got "n-1")`. */
export function notAnId(option: string, value: string, kind: IdKind): string {
  return optionRefusalText(option, idProblem(kind), value);
}

/** What is wrong with a malformed id of `kind`, and where to find a good one. */
function idProblem(kind: IdKind): string {
  const { name, see } = ID_KINDS[kind];
  return kind === 'organisation or short name' ? `is neither ${name} (see ${see})` : `is not ${name} (a UUID: see ${see})`;
}

/**
 * `--org` as typed, made an organisation's id: an id is kept as it is; otherwise the organisation whose short
 * name it is (`SL-CCIB`, in any case, as `gpos org list` shows it), when exactly one has it, since an
 * operator knows the partners by those and not by UUIDs. Anything else is returned as typed, for the id
 * check that follows to refuse (exit 2). A short name that several organisations share is refused, naming
 * their ids: the command must not pick one for the operator.
 */
export async function organisationIdOf(deps: ServerDeps, typed: string): Promise<string> {
  if (idSchema.safeParse(typed).success) return typed;
  const wanted = typed.trim().toLocaleLowerCase('en');
  if (!wanted) return typed;
  // Compared here, not in SQL: SQLite's lower() folds ASCII only. The organisations are a few hundred rows.
  const named = await deps.db.selectFrom('organisations').select(['id', 'name', 'short_name']).where('short_name', 'is not', null).execute();
  const matches = named.filter((org) => org.short_name!.trim().toLocaleLowerCase('en') === wanted);
  if (matches.length > 1) {
    throw optionRefusal('--org', `is the short name of ${matches.length} organisations: name one by its id (${matches.map((org) => `${org.id} ${org.name}`).join('; ')})`, typed);
  }
  return matches[0]?.id ?? typed;
}

/**
 * The organisation a command acts for (`--org`: its id or short name). One that is suspended may still be looked through
 * (`read`: check, export), but nothing is submitted on its behalf (`write`): its people and keys stopped
 * working, and the console is no way round that.
 */
export async function organisationFor(deps: ServerDeps, typed: string | undefined, purpose: 'read' | 'write') {
  if (!typed) throw new UsageError('Name the organisation with --org <id or short name> (see `gpos org list`)');
  const id = parseId('--org', await organisationIdOf(deps, typed), 'organisation or short name');
  const org = await deps.db.selectFrom('organisations').select(['id', 'type', 'country', 'status']).where('id', '=', id).executeTakeFirst();
  if (!org) throw new NotFoundError(optionRefusalText('--org', 'no organisation has this id (see `gpos org list`)', id));
  if (purpose === 'write' && org.status !== 'active') throw new RefusedError(`Organisation ${id} is ${org.status}: nothing is submitted on its behalf (\`gpos org reactivate ${id}\` first)`);
  return org;
}

/**
 * The exit codes of every `gpos` command: one scheme, documented in the README ("Exit codes"), that
 * scripts can switch on. Commands use these names, never bare numbers.
 */
export const EXIT = {
  /** Done as asked (a lookup that finds nothing is done as asked too). */
  OK: 0,
  /**
   * The command ran and something failed: an unexpected error (message prefixed `gpos:`), or the fault a
   * command is there to detect — a broken audit chain, networks that differ from a rebuild, a failed sync.
   */
  FAILED: 1,
  /**
   * What was typed is wrong, and nothing was done: an unknown command or option, a missing or invalid
   * argument or value, no command at all, an invalid configuration, no database where DATA_DIR points,
   * an output file that exists already or cannot be written.
   */
  USAGE: 2,
  /**
   * The input was read and some of it — or all — was rejected: lines of an import, MISP events, STIX
   * objects, or a bundle that is no valid bundle. The valid part was imported unless the import is all
   * or nothing (STIX without --partial); what was rejected is listed or kept.
   */
  REJECTED: 3,
  /** Something named does not exist (or is not visible to the organisation named): an organisation, user, API key, report, peer, input file. */
  NOT_FOUND: 4,
  /** It exists, but the operation is refused as things stand: a suspended organisation, a conflict (an email already in use, a retracted report). */
  REFUSED: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A refusal the command makes on purpose: its message is printed as is (one line, no `gpos:`), then the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** A mistake in what the operator typed: exit code 2 (EXIT.USAGE). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(EXIT.USAGE, message);
  }
}

/** Something the operator named does not exist: exit code 4 (EXIT.NOT_FOUND). */
export class NotFoundError extends CliError {
  constructor(message: string) {
    super(EXIT.NOT_FOUND, message);
  }
}

/** Refused as things stand (suspended, conflicting): exit code 5 (EXIT.REFUSED). */
export class RefusedError extends CliError {
  constructor(message: string) {
    super(EXIT.REFUSED, message);
  }
}

/** Input whose content was rejected as a whole (a bundle that is no bundle): exit code 3 (EXIT.REJECTED). */
export class RejectedInputError extends CliError {
  constructor(message: string) {
    super(EXIT.REJECTED, message);
  }
}

/** The services' refusals (the API's problem codes) in the CLI's scheme. */
const EXIT_OF_APP_ERROR: Record<ErrorCode, ExitCode> = {
  validation_failed: EXIT.USAGE,
  bad_request: EXIT.USAGE,
  unsupported_media_type: EXIT.USAGE,
  // Refusals of the HTTP layer (client-errors.ts); no service raises them, the map names every code.
  headers_too_large: EXIT.USAGE,
  not_found: EXIT.NOT_FOUND,
  conflict: EXIT.REFUSED,
  forbidden: EXIT.REFUSED,
  csrf_failed: EXIT.REFUSED,
  unauthenticated: EXIT.REFUSED,
  invalid_credentials: EXIT.REFUSED,
  session_expired: EXIT.REFUSED,
  too_many_attempts: EXIT.REFUSED,
  rate_limited: EXIT.REFUSED,
  payload_too_large: EXIT.REJECTED,
  internal: EXIT.FAILED,
  unavailable: EXIT.FAILED,
  request_timeout: EXIT.FAILED,
};

/**
 * How a command that threw ends: its exit code, and what to print on stderr (nothing when commander has
 * printed it already). Deliberate refusals print their message as is; anything else is unexpected and
 * printed with `gpos:` in front.
 */
export function failureOf(error: unknown): { exitCode: ExitCode; message: string | null } {
  // Commander has written its own message (and the help) already; --help and `help` end with 0.
  if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? EXIT.OK : EXIT.USAGE, message: null };
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (error instanceof ConfigError) return { exitCode: EXIT.USAGE, message: error.message };
  if (error instanceof AppError) return { exitCode: EXIT_OF_APP_ERROR[error.code] ?? EXIT.FAILED, message: error.message };
  return { exitCode: EXIT.FAILED, message: `gpos: ${error instanceof Error ? error.message : String(error)}` };
}

/** A count as people read it, grouped in thousands (`99,980`), as `plural` writes its own. */
export const count = (n: number) => n.toLocaleString('en');
/** "1 report", "1,204 reports": a count and its noun, for the commands' one-line summaries. */
export const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

/**
 * A loss in US cents ("US$698.66", "US$41,200" once large), or "—" for none: the web app's formatter, in its
 * English locale, so the console and the page say the same amount.
 */
export const usdText = (cents: number) => formatLossUsdIn(cents, 'en-GB');
