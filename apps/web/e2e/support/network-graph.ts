import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A network's graph as `GET /api/v1/networks/{id}/graph` answers it (what the e2e tests read of it). */
export interface GraphNode {
  id: string;
  kind: 'report' | 'indicator';
  label: string;
  type: string;
  country: string | null;
  degree: number;
  cell: number | null;
  occurredAt: string | null;
}
export interface Graph {
  nodes: GraphNode[];
  edges: { source: string; target: string; role: string }[];
  truncated: boolean;
  cells: unknown[];
}

/** Waits until the explorer has drawn its graph; its first render's time in ms, as the canvas reports it. */
export async function waitForGraph(page: Page): Promise<number> {
  const canvas = page.getByTestId('graph-canvas');
  await expect.poll(async () => canvas.getAttribute('data-rendered'), { timeout: 30_000 }).toBe('true');
  return Number(await canvas.getAttribute('data-render-ms'));
}

/** A figure of the network page (its digits only). */
export async function metric(page: Page, testId: string): Promise<number> {
  return Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/[^\d]/g, ''));
}

/** An attribute of the explorer's canvas once it has stopped changing (its camera animates for up to 400 ms). */
async function settledAttribute(page: Page, name: string): Promise<string> {
  const canvas = page.getByTestId('graph-canvas');
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await canvas.getAttribute(name)) ?? '';
        const still = now !== '' && now !== 'null' && now === last;
        last = now;
        return still;
      },
      { timeout: 10_000, interval: 250 },
    )
    .toBe(true);
  return last;
}

/** A node label the explorer drew (its box, gap included, in canvas pixels; sigma-labels.ts). */
export interface DrawnLabel {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The selected node's or a picked report's: drawn whatever it covers. */
  kept: boolean;
  /** Its own node's place in `drawnDiscs` (-1: not on the canvas). */
  disc: number;
}

/** The labels of the explorer's last frame, once the canvas has stopped moving (its camera animates for up to 400 ms). */
export async function drawnLabels(page: Page): Promise<DrawnLabel[]> {
  const last = await settledAttribute(page, 'data-label-boxes');
  return (JSON.parse(last) as number[][]).map(([x, y, width, height, kept, disc]) => ({ x: x!, y: y!, width: width!, height: height!, kept: kept === 1, disc: disc ?? -1 }));
}

/** The keys of the nodes labelled in the explorer's last frame (`data-label-nodes`, sigma-labels.ts); read after `drawnLabels`. */
export async function labelledNodes(page: Page): Promise<string[]> {
  return JSON.parse((await page.getByTestId('graph-canvas').getAttribute('data-label-nodes')) ?? '[]') as string[];
}

/** A node's disc as the explorer drew it in its last frame (canvas pixels). */
export interface DrawnDisc {
  x: number;
  y: number;
  r: number;
}

/** The node discs on the canvas in the explorer's last frame (`data-node-discs`, sigma-labels.ts); read after `drawnLabels`. */
export async function drawnDiscs(page: Page): Promise<DrawnDisc[]> {
  const text = (await page.getByTestId('graph-canvas').getAttribute('data-node-discs')) ?? '[]';
  return (JSON.parse(text) as number[][]).map(([x, y, r]) => ({ x: x!, y: y!, r: r! }));
}

/** Labels (not kept) that cover a disc other than their own node's, by more than rounding. */
export function labelsOverDiscs(labels: DrawnLabel[], discs: DrawnDisc[]): string[] {
  const out: string[] = [];
  for (const label of labels) {
    if (label.kept) continue;
    discs.forEach((d, i) => {
      if (i === label.disc) return;
      const nx = Math.min(Math.max(d.x, label.x), label.x + label.width);
      const ny = Math.min(Math.max(d.y, label.y), label.y + label.height);
      if (Math.hypot(nx - d.x, ny - d.y) < d.r - 0.05) out.push(`${JSON.stringify(label)} over ${JSON.stringify(d)}`);
    });
  }
  return out;
}

/** Labels (not kept) that run past the canvas' edges, by more than rounding: cut off, not read. */
export function labelsOffCanvas(labels: DrawnLabel[], canvas: { width: number; height: number }): string[] {
  return labels
    .filter((l) => !l.kept && (l.x < -0.05 || l.y < -0.05 || l.x + l.width > canvas.width + 0.05 || l.y + l.height > canvas.height + 0.05))
    .map((l) => JSON.stringify(l));
}

/** A rectangle in the canvas' pixels. */
export interface CanvasRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of the canvas an element of the page covers, in the canvas' pixels (labels and nodes drawn
 * past the canvas' edges are not seen); null where it covers none of it.
 */
export async function rectOnCanvas(page: Page, testId: string): Promise<CanvasRect | null> {
  const canvas = (await page.getByTestId('graph-canvas').boundingBox())!;
  const box = (await page.getByTestId(testId).boundingBox())!;
  const left = Math.max(box.x, canvas.x);
  const top = Math.max(box.y, canvas.y);
  const right = Math.min(box.x + box.width, canvas.x + canvas.width);
  const bottom = Math.min(box.y + box.height, canvas.y + canvas.height);
  return right > left && bottom > top ? { x: left - canvas.x, y: top - canvas.y, width: right - left, height: bottom - top } : null;
}

/** Labels and discs that reach under `rect` (the part of the canvas the Fit button covers, say). */
export function drawnUnder(rect: CanvasRect | null, labels: DrawnLabel[], discs: DrawnDisc[]): string[] {
  const out: string[] = [];
  if (!rect) return out;
  for (const l of labels) {
    if (l.x < rect.x + rect.width && rect.x < l.x + l.width && l.y < rect.y + rect.height && rect.y < l.y + l.height) out.push(`label ${JSON.stringify(l)}`);
  }
  for (const d of discs) {
    const nx = Math.min(Math.max(d.x, rect.x), rect.x + rect.width);
    const ny = Math.min(Math.max(d.y, rect.y), rect.y + rect.height);
    if (Math.hypot(nx - d.x, ny - d.y) < d.r) out.push(`disc ${JSON.stringify(d)}`);
  }
  return out;
}

/** Pairs of drawn labels that overlap (by more than rounding), kept ones apart: those may cover each other. */
export function overlappingLabels(labels: DrawnLabel[]): string[] {
  const out: string[] = [];
  const inside = (a: DrawnLabel, b: DrawnLabel) =>
    a.x + 0.05 < b.x + b.width && b.x + 0.05 < a.x + a.width && a.y + 0.05 < b.y + b.height && b.y + 0.05 < a.y + a.height;
  labels.forEach((a, i) => {
    for (const b of labels.slice(0, i)) if (!(a.kept && b.kept) && inside(a, b)) out.push(`${JSON.stringify(a)} × ${JSON.stringify(b)}`);
  });
  return out;
}

/** Zooms the explorer's camera in by turning the mouse wheel over the middle of the canvas. */
export async function zoomIntoGraph(page: Page, turns: number): Promise<void> {
  const canvas = page.getByTestId('graph-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < turns; i += 1) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(150);
  }
}

/**
 * How much of the canvas the drawn nodes span, once the camera has stopped moving: the width and the
 * height of the box around their centres (`data-nodes-box`, NetworkExplorer.tsx) as parts of the canvas'.
 */
export async function nodesSpan(page: Page): Promise<{ width: number; height: number }> {
  const canvas = page.getByTestId('graph-canvas');
  const last = await settledAttribute(page, 'data-nodes-box');
  const [left, top, right, bottom] = JSON.parse(last) as number[];
  const size = await canvas.evaluate((el) => ({ width: el.clientWidth, height: el.clientHeight }));
  return { width: (right! - left!) / size.width, height: (bottom! - top!) / size.height };
}

/**
 * Whether the drawn nodes fill the canvas: ≥80% of its width or of its height (fit-to-view scales the
 * graph until it reaches two opposite sides, less its padding), none outside it.
 */
export function fillsCanvas(span: { width: number; height: number }): boolean {
  return (span.width >= 0.8 || span.height >= 0.8) && span.width <= 1 && span.height <= 1;
}

/** Picks a node in the explorer's node list (the keyboard equivalent of clicking it on the canvas). */
export async function pickNode(page: Page, id: string): Promise<void> {
  await page.getByTestId('node-filter').fill(id.slice(-12));
  const item = page.locator(`[data-testid="node-item"][data-node-id="${id}"]`);
  await item.focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => item.getAttribute('aria-pressed')).toBe('true');
}
