/**
 * Which node labels the explorer draws, and where, so that no two overlap at any zoom and none hides
 * another node's disc. Sigma's label grid (`labelDensity`, `labelGridCellSize`,
 * `labelRenderedSizeThreshold`) keeps the largest nodes of each screen cell, but labels are wider than a
 * cell and neighbouring cells' labels still ran into each other (hundreds of nodes in the demo world's
 * largest network), and a label drawn right of its node covered the nodes there. Here the labels sigma
 * offers for a frame are placed greedily, the most important first, each on the first side of its node
 * (right, left, above, below) where it touches neither a label placed before it nor another node's disc,
 * within the canvas; one with no such side is left out: a hidden node is worse than a missing label (the node list and the
 * pointer show every label).
 */

/** A label sigma offers for a frame, in screen pixels. */
export interface LabelCandidate {
  key: string;
  /** The node's centre and rendered radius. */
  x: number;
  y: number;
  size: number;
  /** The text's width in the label font. */
  width: number;
  /** Higher is placed first (see `LABEL_RANK`); ties go to the larger node, then the key. */
  rank: number;
  /** Drawn whatever it covers (the selected node, the picked reports, the node under the pointer). */
  kept: boolean;
  /** Drawn by sigma as a white box around the node and its label (a highlighted or hovered node). */
  boxed: boolean;
}

/** The screen rectangle a placed label takes, gap included. */
export interface LabelBox {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's disc as drawn, in screen pixels: labels other than its own keep off it. */
export interface NodeDisc {
  key: string;
  x: number;
  y: number;
  r: number;
}

/** How much a label matters, highest first. */
export const LABEL_RANK = { selected: 6, picked: 5, hovered: 5, path: 4, neighbour: 3, cell: 2, other: 0 } as const;

/** Pixels kept free around every label. */
const GAP = 2;
/** Side of the buckets that find a label's possible neighbours. */
const BUCKET = 64;

/** Where a label goes: right of its node as sigma draws it, else left of it, above it or below it. */
export type LabelSide = 'right' | 'left' | 'above' | 'below';
const SIDES: readonly LabelSide[] = ['right', 'left', 'above', 'below'];

/**
 * Where the text of a label starts and the middle of its height: right of the disc as sigma's
 * `drawDiscNodeLabel` draws it (3 px from the disc, centred on the node), as far left of it, or centred
 * over or under it, 2 px from the disc.
 */
function textSpot(c: LabelCandidate, fontSize: number, side: LabelSide): { left: number; middle: number } {
  const height = fontSize * 1.2;
  switch (side) {
    case 'right':
      return { left: c.x + c.size + 3, middle: c.y };
    case 'left':
      return { left: c.x - c.size - 3 - c.width, middle: c.y };
    case 'above':
      return { left: c.x - c.width / 2, middle: c.y - c.size - 2 - height / 2 };
    case 'below':
      return { left: c.x - c.width / 2, middle: c.y + c.size + 2 + height / 2 };
  }
}

/** Where to draw a placed label's text (`fillText`'s x and baseline: a third of the font size below the middle, as sigma does). */
export function labelTextOrigin(c: LabelCandidate, fontSize: number, side: LabelSide): { x: number; y: number } {
  const { left, middle } = textSpot(c, fontSize, side);
  return { x: left, y: middle + fontSize / 3 };
}

/**
 * The rectangle of a label as sigma draws it (`drawDiscNodeLabel`, or `drawDiscNodeHover`: a box of the
 * font size plus 2 px each side from the left of the disc, and the disc), with `GAP` around it. The text's
 * height is taken as 1.2 em around its middle: Thai marks reach above Latin capitals.
 */
export function labelBox(c: LabelCandidate, fontSize: number, side: LabelSide = 'right'): LabelBox {
  if (c.boxed) {
    // The box is drawn over the other labels (sigma's hover layer), its disc too: a large node's disc
    // reaches above and below the box.
    const radius = Math.max(c.size, fontSize / 2) + 2;
    const half = Math.max(fontSize / 2 + 2, radius);
    return { key: c.key, x: c.x - radius - GAP, y: c.y - half - GAP, width: 2 * radius + c.width + 5 + 2 * GAP, height: 2 * half + 2 * GAP };
  }
  const height = fontSize * 1.2;
  const { left, middle } = textSpot(c, fontSize, side);
  return { key: c.key, x: left - GAP, y: middle - height / 2 - GAP, width: c.width + 2 * GAP, height: height + 2 * GAP };
}

/** Whether `box` covers part of `disc` (touching its rim is not covering it). */
export function coversDisc(box: LabelBox, disc: NodeDisc): boolean {
  const nearestX = Math.min(Math.max(disc.x, box.x), box.x + box.width);
  const nearestY = Math.min(Math.max(disc.y, box.y), box.y + box.height);
  return (nearestX - disc.x) ** 2 + (nearestY - disc.y) ** 2 < disc.r * disc.r;
}

function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A uniform grid of `BUCKET` px cells: what may touch a rectangle, without looking at everything. */
class Buckets<T> {
  private readonly cells = new Map<number, T[]>();

  /** The cells a rectangle spans (numbers, not strings: thousands of discs go in every frame). */
  keys(x: number, y: number, width: number, height: number): number[] {
    const keys: number[] = [];
    for (let bx = Math.floor(x / BUCKET); bx <= Math.floor((x + width) / BUCKET); bx += 1) {
      for (let by = Math.floor(y / BUCKET); by <= Math.floor((y + height) / BUCKET); by += 1) keys.push(bx * 1_000_003 + by);
    }
    return keys;
  }

  add(keys: readonly number[], item: T): void {
    for (const k of keys) {
      const cell = this.cells.get(k);
      if (cell) cell.push(item);
      else this.cells.set(k, [item]);
    }
  }

  some(keys: readonly number[], test: (item: T) => boolean): boolean {
    return keys.some((k) => this.cells.get(k)?.some(test) ?? false);
  }
}

/**
 * The labels to draw, most important first, their sides and boxes: every kept one (on the right, where
 * sigma boxes it), then each other one on the first side whose box touches no label placed before it and
 * no disc of `discs` but its own node's, and lies within `canvas`; with no such side, it is left out. The
 * same candidates and discs always give the same answer.
 */
export function placeLabels<C extends LabelCandidate>(
  candidates: readonly C[],
  fontSize: number,
  { discs = [], canvas }: { discs?: readonly NodeDisc[]; canvas?: { width: number; height: number } } = {},
): { placed: Array<C & { side: LabelSide }>; boxes: LabelBox[] } {
  const order = [...candidates].sort((a, b) => Number(b.kept) - Number(a.kept) || b.rank - a.rank || b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const labels = new Buckets<LabelBox>();
  const nodes = new Buckets<NodeDisc>();
  for (const d of discs) nodes.add(nodes.keys(d.x - d.r, d.y - d.r, 2 * d.r, 2 * d.r), d);
  const placed: Array<C & { side: LabelSide }> = [];
  const boxes: LabelBox[] = [];
  const seen = new Set<string>();
  for (const c of order) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    const free = (side: LabelSide) => {
      const box = labelBox(c, fontSize, side);
      const keys = labels.keys(box.x, box.y, box.width, box.height);
      if (c.kept) return { side, box, keys };
      // A label cut by the canvas' edge is not read either: another side, or none.
      if (canvas && (box.x < 0 || box.y < 0 || box.x + box.width > canvas.width || box.y + box.height > canvas.height)) return null;
      if (labels.some(keys, (other) => overlaps(box, other))) return null;
      if (nodes.some(keys, (disc) => disc.key !== c.key && coversDisc(box, disc))) return null;
      return { side, box, keys };
    };
    let spot: ReturnType<typeof free> = null;
    for (const side of c.boxed ? SIDES.slice(0, 1) : SIDES) {
      spot = free(side);
      if (spot) break;
    }
    if (!spot) continue;
    labels.add(spot.keys, spot.box);
    placed.push({ ...c, side: spot.side });
    boxes.push(spot.box);
  }
  return { placed, boxes };
}
