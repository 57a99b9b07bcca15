import type { FastifyRequest } from 'fastify';
import { TaxiiError } from './taxii-errors.js';

/**
 * `match[<field>]` filters a route does not apply are ignored, not refused. TAXII clients send filters a
 * server may not support — `match[relationship_type]`, `match[source_ref]`, `match[target_ref]` of the
 * TAXII 2.1 interoperability profile, a vendor's own — and the reference server (medallion) ignores what
 * it does not support; a 400 made such a client fail on the whole collection. The filters a route applies
 * are still validated by its schema (a bad `match[version]` is refused), and any other unknown parameter
 * (`?foo=1`) is still refused as an unknown field, as everywhere on the platform.
 *
 * Ignored only within bounds, so a request cannot make the server carry (or log) arbitrary amounts of
 * it: at most MAX_IGNORED such parameters, each named `match[` + 1–64 of [a-z0-9_.-] + `]`, sent at most
 * MAX_REPEATS times and at most MAX_VALUE_CHARS characters in all. A name outside that pattern is an
 * unknown field (refused by the schema); too many, or too long, is a 400 saying so.
 */
const IGNORABLE = /^match\[[a-z0-9_.-]{1,64}\]$/;
export const MAX_IGNORED = 20;
const MAX_REPEATS = 100;
const MAX_VALUE_CHARS = 4000;

const refused = (description: string) => new TaxiiError(400, 'Unsupported filters', description);

/** A route's preValidation: drops the `match[…]` parameters its schema does not name (`supported`). */
export function ignoreUnsupportedFilters(supported: readonly string[]) {
  const applied = new Set(supported);
  return async (request: FastifyRequest): Promise<void> => {
    const query = request.query as Record<string, unknown> | null;
    if (!query) return;
    const ignored = Object.keys(query).filter((key) => !applied.has(key) && IGNORABLE.test(key));
    if (ignored.length > MAX_IGNORED) throw refused(`At most ${MAX_IGNORED} filters this server does not apply are ignored; ${ignored.length} were sent`);
    for (const key of ignored) {
      const value = query[key];
      const values = Array.isArray(value) ? value : [value];
      const chars = values.reduce<number>((n, v) => n + String(v).length, 0);
      if (values.length > MAX_REPEATS || chars > MAX_VALUE_CHARS) throw refused(`${key}: a filter this server does not apply is ignored only up to ${MAX_REPEATS} values of ${MAX_VALUE_CHARS} characters in all`);
      delete query[key];
    }
  };
}
