import { useEffect, useMemo, useRef, useState } from 'react';
import type { NormaliseResult } from '../api/intel-types';
import { normalise } from '../api/intel-queries';
import { rowToRaw, type IndicatorRow } from '../lib/report-form';

export interface RowPreview {
  /** True while the value typed differs from the one the shown result is for. */
  pending: boolean;
  result: NormaliseResult | null;
  /** The preview request failed (server down, endpoint missing): the form still works without it. */
  unavailable: boolean;
}

const DEBOUNCE_MS = 250;

/**
 * The canonical form of every row as the server will store it, refreshed ~250 ms after typing stops.
 * One POST /normalise for all rows; a newer request cancels an older one.
 */
export function useNormalisePreview(rows: IndicatorRow[]): Record<string, RowPreview> {
  const signatures = useMemo(() => rows.map((row) => ({ key: row.key, raw: rowToRaw(row) })), [rows]);
  const signature = JSON.stringify(signatures);
  const [results, setResults] = useState<Record<string, { sig: string; result: NormaliseResult }>>({});
  const [unavailable, setUnavailable] = useState(false);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    const filled = signatures.filter((s): s is { key: string; raw: NonNullable<typeof s.raw> } => s.raw !== null);
    if (filled.length === 0) return undefined;
    const timer = window.setTimeout(() => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      normalise(
        filled.map((s) => s.raw),
        abort.signal,
      )
        .then((response) => {
          if (abort.signal.aborted) return;
          setUnavailable(false);
          setResults((previous) => {
            const next = { ...previous };
            filled.forEach((s, i) => {
              const result = response.results[i];
              if (result) next[s.key] = { sig: JSON.stringify(s.raw), result };
            });
            return next;
          });
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          if (!abort.signal.aborted) setUnavailable(true);
        });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
    // `signature` stands for `signatures` (a new array every render).
  }, [signature]);

  useEffect(() => () => controller.current?.abort(), []);

  const out: Record<string, RowPreview> = {};
  for (const s of signatures) {
    const stored = results[s.key];
    const sig = JSON.stringify(s.raw);
    const current = stored && stored.sig === sig ? stored.result : null;
    out[s.key] = { pending: s.raw !== null && !current && !unavailable, result: s.raw ? current : null, unavailable: unavailable && s.raw !== null && !current };
  }
  return out;
}
