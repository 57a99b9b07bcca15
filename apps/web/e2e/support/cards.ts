import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** One cell of a row shown as a card: the label drawn before it, the column heading it stands under, its text and box. */
export interface CardField {
  label: string;
  heading: string;
  value: string;
  right: number;
}

/** Neither the page nor the table's own scrolling box scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page, region: Locator, what: string): Promise<void> {
  const pageScroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(pageScroll, `${what}: the page scrolls sideways by ${pageScroll} px`).toBeLessThanOrEqual(0);
  const tableScroll = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(tableScroll, `${what}: the table scrolls sideways by ${tableScroll} px`).toBeLessThanOrEqual(0);
}

/**
 * The cells of a table row as a phone shows them: each cell's label as the stylesheet draws it (its
 * `::before` content, the first quoted string of `"Label" / ""`) beside the heading of its column.
 */
export async function cardFields(row: Locator): Promise<CardField[]> {
  return row.evaluate((tr) => {
    const headings = [...(tr.closest('table')?.querySelectorAll('thead th') ?? [])].map((th) => (th.textContent ?? '').replace(/\s+/g, ' ').trim());
    return [...tr.querySelectorAll<HTMLElement>(':scope > td')].map((td, i) => {
      const content = getComputedStyle(td, '::before').content;
      const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(content);
      return {
        label: quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : '',
        heading: headings[i] ?? '',
        value: td.innerText.replace(/\s+/g, ' ').trim(),
        right: td.getBoundingClientRect().right,
      };
    });
  });
}

/** The value a card shows under a label. */
export function fieldValue(fields: readonly CardField[], label: string): string | undefined {
  return fields.find((f) => f.label === label)?.value;
}

/** The names Chromium's accessibility tree gives the page's table headings and cells: what a screen reader reads. */
export async function accessibleTableNames(page: Page): Promise<{ headings: string[]; cells: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string } }[] };
    const named = (role: string) => nodes.filter((n) => n.role?.value === role).map((n) => n.name?.value ?? '');
    return { headings: named('columnheader'), cells: named('cell') };
  } finally {
    await cdp.detach();
  }
}
