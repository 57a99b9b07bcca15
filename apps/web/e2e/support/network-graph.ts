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
