import { PassThrough, Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import {
  bulkLineResultSchema,
  bulkSummarySchema,
  bulkUploadQuerySchema,
  correctReportSchema,
  createReportSchema,
  idSchema,
  listReportsQuerySchema,
  normaliseRequestSchema,
  normaliseResponseSchema,
  pageOf,
  reportSchema,
  retractReportSchema,
} from '@gpos/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireMember } from '../../platform/auth/index.js';
import { auditContextOf } from '../../platform/context.js';
import { coded, codedValidationFailed } from '../../platform/errors.js';
import { clientErrorClosing } from '../../platform/http/client-errors.js';
import { requestRefusals } from '../../platform/http/request-refusals.js';
import { requestIdField } from '../../platform/http/request-log.js';
import { schemaValidationRefusal } from '../../platform/http/error-handler.js';
import { quoteText as quote } from '../../platform/quote-text.js';
import { readHead } from '../../platform/stream-head.js';
import { normaliseIndicator } from '../indicators/normalise/index.js';
import type { WarninglistService } from '../warninglists/warninglist.service.js';
import { identifierRefusals } from './identifier-refusals.js';
import { BulkClientGone, CSV_COLUMNS, ENCODING_MARK_BYTES, MAX_LINE_BYTES, notUtf8File, notUtf8FileError, runBulkIngest } from './bulk-ingest.js';
import { LINE_KEY_PREFIX } from './line-keys.js';
import type { IngestService } from './ingest.service.js';
import { submitterOf, type ReportService } from './report.service.js';
import { bulkUploadId, UPLOAD_ID_HEADER } from './upload-ids.js';

const params = z.strictObject({ id: idSchema });
/** A bulk upload is streamed, never buffered, so its size limit only guards against runaway clients. */
const BULK_BODY_LIMIT = 2 * 1024 * 1024 * 1024;
/** What the bulk route reads, as its refusals say it. */

export const reportRoutes =
  (reports: ReportService, ingest: IngestService, warninglists: WarninglistService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/reports', {
      config: { access: { permission: 'reports.write' } },
      // A body its schema refuses is refused in the handler, with its identifiers' problems (refusedReport).
      attachValidation: true,
      schema: {
        tags: ['reports'],
        summary: 'Submit one scam report; answers with each identifier’s canonical form and indicator id',
        description:
          'A repeated `idempotencyKey` (per organisation) with the same report (after normalisation: a number or an instant written another way, identifiers in another order) answers 200 with the report made the first time, when you may see it; ' +
          'with a different report, 409 `report.idempotency_key_reused` naming the earlier one. When you may not see the earlier report (a colleague’s TLP RED report for named people), 409 on `body.idempotencyKey` whatever you sent, without the report or its id.',
        body: createReportSchema,
        response: { 200: reportSchema, 201: reportSchema },
        openapi: {
          responses: {
            200: { description: 'A duplicate: your organisation sent this `idempotencyKey` before; the answer is the report made then, unchanged.' },
            201: { description: 'Created: the report, with each identifier’s canonical form and indicator id.' },
          },
          errors: {
            400: '`validation_failed`: the report is not valid; `errors` name each field, each identifier’s own problem included (`body.indicators.<i>.value` with the normaliser’s code, e.g. `phone.too_short_for_region`) even when other fields are refused too.',
            409:
              '`conflict` on `body.idempotencyKey`, and nothing stored. With `errors[0].code` `report.idempotency_key_reused` and `params.reportId`: your organisation used this key for a different report, the one named; send this report with a new key, or correct that one. With `report.idempotency_key_reused_retracted`: the same, of a report retracted since, which cannot be corrected. ' +
              'Without a code: your organisation sent this key before, for a report you may not see (TLP RED for named people), and nothing of that report is shown; do not retry with this key.',
          },
        },
      },
      handler: async (request, reply) => {
        const actor = requireMember(request.actor);
        if (request.validationError) throw refusedReport(request, request.validationError, actor.organisationCountry);
        const { outcome, report } = await reports.create(actor, auditContextOf(request), request.body);
        return reply.status(outcome.status === 'duplicate' ? 200 : 201).send(report);
      },
    });

    app.get('/reports', {
      config: { access: { permission: 'reports.read' } },
      schema: { tags: ['reports'], summary: 'Reports you may see, newest first', querystring: listReportsQuerySchema, response: { 200: pageOf(reportSchema) } },
      handler: (request) => reports.list(requireMember(request.actor), auditContextOf(request), request.query),
    });

    app.get('/reports/:id', {
      config: { access: { permission: 'reports.read' } },
      schema: { tags: ['reports'], summary: 'One report (404 when you may not see it)', params, response: { 200: reportSchema }, openapi: { responses: { 200: { description: 'The report, as you may see it.' } } } },
      handler: (request) => reports.get(requireMember(request.actor), auditContextOf(request), request.params.id),
    });

    app.put('/reports/:id', {
      config: { access: { permission: 'reports.write' } },
      attachValidation: true,
      schema: {
        tags: ['reports'],
        summary: 'Correct your organisation’s report (a new version, same id)',
        params,
        body: correctReportSchema,
        response: { 200: reportSchema },
        description:
          'Replaces the report’s facts, identifiers and marking; keeps its id, author and source node. A report imported from another node (its source node set) may ' +
          'keep or narrow the marking it has, never widen it: a freer TLP level (CLEAR > GREEN > AMBER > AMBER+STRICT > RED), another or no sharing community, or ' +
          'recipients outside its audience are refused (400). Its source’s own next version may set any marking. See docs/taxii.md. A RED report corrected by anyone but ' +
          'the person who made it (a named colleague) is held the same way to its current marking.',
        openapi: {
          responses: { 200: { description: 'Corrected: the report’s new version.' } },
          errors: {
            400: '`validation_failed`: the correction is not valid (`errors` name each field). Of an imported report, a marking wider than its current one: `report.marking_wider_than_source` at `body.marking.tlp`, or `report.marking_reaches_beyond_source` at `body.marking.communityId`, `body.marking.recipientOrganisationIds` or `body.marking.recipientUserIds`, with `params` `marking` (the correction’s TLP), `current` (the report’s) and `sourceNode`. Of a RED report by anyone but its maker, a wider marking: `report.marking_wider_than_red` at `body.marking.tlp`, or `report.marking_reaches_beyond_red` at `body.marking.recipientUserIds` or `body.marking.recipientOrganisationIds`, with `params` `marking`.',
            409: '`conflict`: the report was retracted and can no longer change, or it was corrected or retracted while this correction was being made (read it again, then correct it).',
          },
        },
      },
      handler: (request) => {
        const actor = requireMember(request.actor);
        if (request.validationError) throw refusedReport(request, request.validationError, actor.organisationCountry);
        return reports.correct(actor, auditContextOf(request), request.params.id, request.body);
      },
    });

    app.post('/reports/:id/retract', {
      config: { access: { permission: 'reports.write' } },
      schema: {
        tags: ['reports'],
        summary: 'Retract your organisation’s report, with a reason',
        params,
        body: retractReportSchema,
        response: { 200: reportSchema },
        openapi: { responses: { 200: { description: 'Retracted: the report, now `retracted`.' } }, errors: { 409: '`conflict`: the report was retracted already, or it was corrected while this retraction was being made (read it again, then retract it).' } },
      },
      handler: (request) => reports.retract(requireMember(request.actor), auditContextOf(request), request.params.id, request.body.reason),
    });

    app.post('/normalise', {
      config: { access: { permission: 'lookup' } },
      schema: {
        tags: ['reports'],
        summary: 'Canonical forms of identifiers, as a report would store them (live preview)',
        body: normaliseRequestSchema,
        response: { 200: normaliseResponseSchema },
        openapi: { responses: { 200: { description: 'One result per identifier, in request order: its canonical form, or why it is not accepted.' } } },
      },
      handler: async (request) => {
        const actor = requireMember(request.actor);
        return {
          results: request.body.indicators.map((raw) => {
            const result = normaliseIndicator(raw, { reporterCountry: actor.organisationCountry });
            if (!result.ok) return { ok: false, indicator: null, derived: [], benign: false, error: { field: result.field, reason: result.reason, code: result.code, params: result.params } };
            return { ok: true, indicator: result.indicator, derived: result.derived, benign: warninglists.isBenign(result.indicator.type, result.indicator.value), error: null };
          }),
        };
      },
    });

    await app.register(async (scope) => {
      const bulk = scope.withTypeProvider<ZodTypeProvider>();
      // The body stays a stream: it is read line by line while results stream back.
      for (const type of ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'text/csv']) {
        bulk.addContentTypeParser(type, { bodyLimit: BULK_BODY_LIMIT }, (_request, payload, done) => done(null, payload));
      }
      // A file of reports sent as application/json (the usual slip with NDJSON) is refused for its type before
      // it is parsed: parsed, its second line made it "not valid JSON", which sent the client the wrong way.
      bulk.removeContentTypeParser('application/json');
      bulk.addContentTypeParser('application/json', (_request, payload, done) => {
        payload.resume();
        done(coded('unsupported_media_type', requestRefusals.say('request.send_bulk_file_not_json')), undefined);
      });
      bulk.post('/reports/bulk', {
        config: { access: { permission: 'reports.write' }, bodyMediaTypes: 'request.send_bulk_file' },
        bodyLimit: BULK_BODY_LIMIT,
        schema: {
          tags: ['reports'],
          querystring: bulkUploadQuerySchema,
          summary: 'Bulk upload: NDJSON (one report per line) or CSV; answers one NDJSON result line per input line, then a summary line',
          description:
            `CSV columns: ${CSV_COLUMNS.join(', ')}, and any column whose name starts with \`#\` (a note, ignored). \`indicators\` holds \`type:value\` pairs separated by \`;\` (a bare value has its type detected; \`;;\` is a \`;\` inside a value, and an untyped part right after a URL is refused as ambiguous, \`csv.after_url\`). ` +
            `\`lossAmount\` is in the currency's main unit with a dot for decimals (\`15000.50\` THB), unlike NDJSON and JSON, which carry minor units (\`1500050\`). ` +
            `CSV is comma-delimited: a header whose columns are separated by semicolons (as Excel saves "CSV" where the decimal mark is a comma) is \`rejected\` at its line with \`bulk.semicolon_delimited\` (\`params.value\`: the header, quoted), saying to save the file as CSV (comma delimited); it is not read with \`;\`, which separates the identifiers of \`indicators\`. ` +
            `After a header refused so (or one refused otherwise: a column named twice, \`csv.column_repeated\`, or a header that cannot be read as CSV), no line is read: the lines after it are answered together, as one \`rejected\` line at the first of them, with \`csv.header_unreadable\` (\`params.header\`: the header's line, \`params.last\`: the file's last line), and nothing is stored. ` +
            `Result lines: {line, status: accepted|duplicate|rejected, reportId, errors}; last line: {summary}. A duplicate of a report you may not see (a colleague’s TLP RED report for named people) has \`reportId\` null. A line reusing an idempotency key for a different report you may see is \`rejected\` with \`report.idempotency_key_reused\` (its \`params.reportId\` names that report).\n\n` +
            `A line without an \`idempotencyKey\` is a new report each time it is sent (\`keylessLines=keep\`, the default). With \`keylessLines=derive\` it gets the key \`${LINE_KEY_PREFIX}<line>:<SHA-256 of the line's content>\`, as \`gpos import\` and the web upload page give it: the same file sent again answers \`duplicate\` for each such line and stores nothing twice, ` +
            `while two identical lines of one file (two victims saying the same) stay two reports, and a line edited since (or moved by lines added above it) is a new report. Keys are per organisation: another organisation's upload of the same file stores its own reports. ` +
            `\`lineOffset\` (with \`derive\` only) is for a file sent in parts: it is added to each line's number (a CSV part's header sent again aside) to give the line of the whole file its key is derived from; answers still number the lines of this body.\n\n` +
            `\`uploadId\` (or the \`GPOS-Upload-Id\` header; both given, they must agree) tags each report the upload stores (up to 64 letters, digits, \`.\`, \`_\`, \`:\` or \`-\`, of your choosing; a file sent in parts sends the same id with each part). \`GET /reports?uploadId=\` then lists them: your organisation's only, so another organisation's upload of the same id lists nothing. A duplicate line keeps the upload of the report it repeats.`,
          // The body is a stream read here, never a schema-validated JSON body: it is documented only.
          openapi: {
            requestBody: {
              description: `One report per line. NDJSON (also sent as \`application/ndjson\` or \`application/jsonl\`): each line a report as \`POST /reports\` takes it. CSV: a header row naming the columns (${CSV_COLUMNS.join(', ')}), then one report per row. UTF-8 only (a UTF-8 byte order mark is dropped; a file starting with a UTF-16 or UTF-32 one is refused whole, 415). A line over ${MAX_LINE_BYTES.toLocaleString('en')} bytes (the body limit of \`POST /reports\`) is refused on its own (\`ndjson.line_too_long\`, \`csv.row_too_long\`).`,
              content: {
                'application/x-ndjson': createReportSchema,
                'application/ndjson': createReportSchema,
                'application/jsonl': createReportSchema,
                'text/csv': { type: 'string', description: `CSV with a header row: ${CSV_COLUMNS.join(', ')} (and \`#\` note columns), comma-delimited (a header delimited by semicolons is refused: \`bulk.semicolon_delimited\`); \`lossAmount\` in the currency's main unit (\`15000.50\`), \`indicators\` as \`type:value\` pairs separated by \`;\`.` },
              },
            },
            responses: {
              200: {
                description:
                  'Streamed as the upload is read: one JSON line per input line, in line order (`status` accepted, duplicate or rejected with its `errors`), then one `{summary}` line. ' +
                  'A server error stops the upload with an `{error, code, params}` line (`code` `request.upload_stopped`); the lines answered before it were stored. The schema is that of one line.',
                content: { 'application/x-ndjson': z.union([bulkLineResultSchema, bulkSummarySchema, z.object({ error: z.string(), code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })]) },
              },
            },
            errors: {
              415:
                '`unsupported_media_type`: a body that is not NDJSON or CSV (another media type, or one JSON document), saying what to send; ' +
                'or a file saved as UTF-16 or UTF-32 (it starts with that byte order mark), with `errors[0].code` `bulk.not_utf8_file` and `params.encoding`, before any line is read; ' +
                'or a body sent with a `Content-Encoding` (`request.bulk_encoding_not_read`) or a charset other than UTF-8 (`request.bulk_charset_not_utf8`).',
            },
          },
        },
        handler: async (request, reply) => {
          const [mediaType = '', ...parameters] = (request.headers['content-type'] ?? '').split(';');
          // Media types are case-insensitive (RFC 9110 §8.3.1), as Fastify matched this one: `Text/CSV` is CSV.
          const format = mediaType.trim().toLowerCase() === 'text/csv' ? 'csv' : 'ndjson';
          // Anything else that reached here was read as JSON (one document): not a file of reports.
          if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
            throw coded('unsupported_media_type', requestRefusals.say('request.send_bulk_file_not_json'));
          }
          // What the body's bytes are not, said before any is read (input review, session 58): a compressed
          // body was read as text, every line "not UTF-8"; a declared charset was ignored; a declared length
          // over the limit was read to its end, as streamed bodies escape Fastify's bodyLimit.
          const refusal = bulkBodyRefusal(request.headers['content-encoding'], parameters, request.headers['content-length']);
          if (refusal) {
            (request.body as Readable).resume();
            throw refusal;
          }
          const { keylessLines, lineOffset } = request.query;
          let uploadId: string | undefined;
          try {
            uploadId = bulkUploadId(request.query.uploadId, request.headers[UPLOAD_ID_HEADER]);
          } catch (error) {
            (request.body as Readable).resume();
            throw error;
          }
          // An offset without derivation would be dropped without a word: the client meant keys to be derived.
          if (lineOffset !== undefined && keylessLines !== 'derive') {
            (request.body as Readable).resume();
            throw codedValidationFailed('querystring.lineOffset', requestRefusals.say('request.line_offset_without_derive'));
          }
          const actor = requireMember(request.actor);
          // A file saved as UTF-16 (Excel's "Unicode Text") is refused whole, like a wrong media type, before
          // any line is read: once the streamed answer has begun, its status can no longer say so.
          const body = await readHead(request.body as Readable, ENCODING_MARK_BYTES).catch((error: unknown) => {
            // The client broke off before its first bytes: nothing was read, and nobody waits for the answer. When
            // the connection was closed on a refusal of its own (a body gone silent: 408), that refusal's line says so.
            const closing = clientErrorClosing(request.raw.socket);
            if (closing) request.log.debug({ ...requestIdField(request), clientError: closing.code, answeredAs: closing.answeredAs }, 'bulk upload broken off before it began');
            else request.log.info({ err: error, ...requestIdField(request) }, 'bulk upload broken off before it began');
            throw coded('bad_request', requestRefusals.say('request.upload_broke_off'));
          });
          const notUtf8 = notUtf8File(body.head);
          if (notUtf8) {
            body.drain();
            throw coded('unsupported_media_type', requestRefusals.say('request.file_not_utf8', { encoding: notUtf8.encoding }), {
              errors: [notUtf8FileError(notUtf8.encoding)],
            });
          }
          const out = new PassThrough();
          const context = auditContextOf(request);
          runBulkIngest(ingest, { ...submitterOf(actor), uploadId: uploadId ?? null }, context, bodyWithin(body.whole(), BULK_BODY_LIMIT), format, out, undefined, { keylessLines, lineOffset })
            .catch((error: unknown) => {
              // Gone before its answer: nobody reads the rest, but what was stored is said in the log (and audited per batch).
              if (error instanceof BulkClientGone || out.destroyed) {
                const gone = { ...requestIdField(request), ...(error instanceof BulkClientGone ? { summary: error.summary } : { err: error }) };
                // Closed by the server on a refusal of the connection (its body fell silent: 408, stalled-bodies.ts),
                // not by the client: said as such, beside that refusal's line (answeredAs), what was stored included.
                const closing = clientErrorClosing(request.raw.socket);
                if (closing) request.log.info({ ...gone, clientError: closing.code, answeredAs: closing.answeredAs }, 'bulk upload cut off when its connection was refused');
                else request.log.warn(gone, 'bulk upload ended by the client before its answer');
                return;
              }
              // Coded (`code`, `params`, as a field error's), so the web page says it in its reader's language.
              if (error instanceof BodyTooLarge) {
                const over = requestRefusals.say('request.body_too_large', { bytes: BULK_BODY_LIMIT });
                out.write(`${JSON.stringify({ error: over.message, code: over.code, params: over.params })}\n`);
                return;
              }
              request.log.error({ err: error, ...requestIdField(request) }, 'bulk upload failed');
              const stop = requestRefusals.say('request.upload_stopped');
              out.write(`${JSON.stringify({ error: stop.message, code: stop.code, params: stop.params })}\n`);
            })
            .finally(() => out.end());
          return reply.type('application/x-ndjson; charset=utf-8').send(out);
        },
      });
    });
  };

/**
 * A report (POST /reports, PUT /reports/:id) its schema refused, as the error handler refuses any request's
 * body (error-handler.ts), with its identifiers' own problems after the schema's (identifierRefusals): a
 * 400 for an unknown scamType hid that `+66 12` is too short a phone number until the report was sent again,
 * where an accepted report is refused for both at once. Another failure is left to the error handler.
 */
function refusedReport(request: FastifyRequest, error: Error, reporterCountry: string): Error {
  const identifiers = (context: string) => (context === 'body' ? identifierRefusals(request.body, reporterCountry).map((refusal) => ({ ...refusal, path: `body.${refusal.path}` })) : []);
  return schemaValidationRefusal(error, request, identifiers) ?? error;
}

/** A declared Content-Length over the limit, a Content-Encoding, or a charset other than UTF-8: the refusal (415, 413), else null. */
function bulkBodyRefusal(encoding: string | undefined, contentTypeParameters: readonly string[], contentLength: string | undefined) {
  const sentEncoding = (encoding ?? '').trim();
  if (sentEncoding !== '' && sentEncoding.toLowerCase() !== 'identity') {
    return coded('unsupported_media_type', requestRefusals.say('request.bulk_encoding_not_read', { encoding: quote(sentEncoding) }));
  }
  for (const parameter of contentTypeParameters) {
    const [name = '', value = ''] = parameter.split('=');
    const charset = value.trim().replace(/^"(.*)"$/, '$1');
    if (name.trim().toLowerCase() === 'charset' && !['utf-8', 'utf8'].includes(charset.toLowerCase())) {
      return coded('unsupported_media_type', requestRefusals.say('request.bulk_charset_not_utf8', { charset: quote(charset) }));
    }
  }
  if (contentLength !== undefined && Number(contentLength) > BULK_BODY_LIMIT) {
    return coded('payload_too_large', requestRefusals.say('request.body_too_large', { bytes: BULK_BODY_LIMIT }));
  }
  return null;
}

class BodyTooLarge extends Error {}

/**
 * The body as read, stopped (BodyTooLarge) past `limit` bytes: a chunked body declares no length to refuse
 * up front. The source's own failure (a client gone) reaches the reader as before: `pipe` alone drops it.
 */
function bodyWithin(source: Readable, limit: number): Readable {
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? new BodyTooLarge(`the body is larger than ${limit} bytes`) : null, chunk);
    },
  });
  source.once('error', (error) => counted.destroy(error));
  return source.pipe(counted);
}
