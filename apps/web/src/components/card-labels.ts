/**
 * On a phone a TableScroll with `cards` shows each row as a card, each cell under its column's heading
 * (styles.css draws the Nth cell's label with `content: var(--card-label-N)`). The headings reach the
 * stylesheet as custom properties on the table's box, one per column: no row is touched, so a thousand
 * lookup rows cost nothing more to label.
 */

/** The columns styles.css has a label rule for; a heading past them is left unlabelled. */
export const CARD_LABEL_COLUMNS = 12;

/** A heading as a CSS string: quoted, its quotes and backslashes escaped, its whitespace one space, its length bounded. */
export function cssString(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 80);
  return `"${line.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The custom properties that name each column's cells, from the headings' text in order. */
export function cardLabelProperties(headings: readonly string[]): Record<string, string> {
  const properties: Record<string, string> = {};
  headings.slice(0, CARD_LABEL_COLUMNS).forEach((heading, i) => {
    properties[`--card-label-${i + 1}`] = cssString(heading);
  });
  return properties;
}
