/**
 * How an identifier reads on screen. The server gives each one a `display` form (`Telegram @scamdesk`,
 * `+66 81 234 5678`) next to its canonical `value` (`telegram:scamdesk`, `+66812345678`); pages show the
 * display form and, when it differs, the canonical value under it. Never rebuilt here: the server's
 * display is what a person copies back into a lookup or a report, and it reads it back.
 */
export interface ShownIndicator {
  /** What the page shows first: the display form, or the value when there is none. */
  primary: string;
  /** The canonical value, when it reads differently from the display form; else null. */
  canonical: string | null;
}

export function shownIndicator(indicator: { value: string; display?: string | null }): ShownIndicator {
  const display = indicator.display?.trim() ? indicator.display : null;
  if (!display) return { primary: indicator.value, canonical: null };
  return { primary: display, canonical: display === indicator.value ? null : indicator.value };
}
