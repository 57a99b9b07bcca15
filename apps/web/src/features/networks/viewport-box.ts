/**
 * Where the explorer's nodes are drawn: the box around their centres in canvas pixels, written to the
 * canvas as `data-nodes-box` (the browser tests check that the graph fills the canvas).
 */
export interface Point {
  x: number;
  y: number;
}

/** `[left, top, right, bottom]` of `points`, rounded to whole pixels; null for none. */
export function viewportBox(points: Iterable<Point>): [number, number, number, number] | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    left = Math.min(left, p.x);
    top = Math.min(top, p.y);
    right = Math.max(right, p.x);
    bottom = Math.max(bottom, p.y);
  }
  if (left === Infinity) return null;
  return [Math.round(left), Math.round(top), Math.round(right), Math.round(bottom)];
}
