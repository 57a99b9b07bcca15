/**
 * Which node labels the explorer draws, so that no two overlap at any zoom. Sigma's label grid
 * (`labelDensity`, `labelGridCellSize`, `labelRenderedSizeThreshold`) keeps the largest nodes of each
 * screen cell, but labels are wider than a cell and neighbouring cells' labels still ran into each other
 * (hundreds of nodes in the demo world's largest network). Here the labels sigma offers for a frame are
 * placed greedily, the most important first, and one that would touch a placed one is left out.
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

/** How much a label matters, highest first. */
export const LABEL_RANK = { selected: 6, picked: 5, hovered: 5, path: 4, neighbour: 3, cell: 2, other: 0 } as const;

/** Pixels kept free around every label. */
const GAP = 2;
/** Side of the buckets that find a label's possible neighbours. */
const BUCKET = 64;

/** Where a label goes: right of its node as sigma draws it, or, where that is taken, left of it. */
export type LabelSide = 'right' | 'left';

/**
 * The rectangle of a label as sigma draws it (`drawDiscNodeLabel`: the text starts 3 px right of the
 * disc, its baseline a third of the font size below the centre; `drawDiscNodeHover`: a box of the font
 * size plus 2 px each side from the left of the disc, and the disc), with `GAP` around it; on the left,
 * the text ends 3 px before the disc. The text's height is taken as 1.2 em around the centre: Thai marks
 * reach above Latin capitals.
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
  const left = side === 'right' ? c.x + c.size + 3 : c.x - c.size - 3 - c.width;
  return { key: c.key, x: left - GAP, y: c.y - height / 2 - GAP, width: c.width + 2 * GAP, height: height + 2 * GAP };
}

function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The labels to draw, most important first, their sides and boxes: every kept one (on the right, where
 * sigma boxes it), then each other one on the first side whose box touches none placed before it. The
 * same candidates always give the same answer.
 */
export function placeLabels<C extends LabelCandidate>(candidates: readonly C[], fontSize: number): { placed: Array<C & { side: LabelSide }>; boxes: LabelBox[] } {
  const order = [...candidates].sort((a, b) => Number(b.kept) - Number(a.kept) || b.rank - a.rank || b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const buckets = new Map<string, LabelBox[]>();
  const bucketKeys = (box: LabelBox) => {
    const keys: string[] = [];
    for (let bx = Math.floor(box.x / BUCKET); bx <= Math.floor((box.x + box.width) / BUCKET); bx += 1) {
      for (let by = Math.floor(box.y / BUCKET); by <= Math.floor((box.y + box.height) / BUCKET); by += 1) keys.push(`${bx},${by}`);
    }
    return keys;
  };
  const placed: Array<C & { side: LabelSide }> = [];
  const boxes: LabelBox[] = [];
  const seen = new Set<string>();
  for (const c of order) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    const free = (side: LabelSide) => {
      const box = labelBox(c, fontSize, side);
      const keys = bucketKeys(box);
      return c.kept || !keys.some((k) => buckets.get(k)?.some((other) => overlaps(box, other))) ? { side, box, keys } : null;
    };
    const spot = free('right') ?? (c.boxed ? null : free('left'));
    if (!spot) continue;
    for (const k of spot.keys) {
      const bucket = buckets.get(k);
      if (bucket) bucket.push(spot.box);
      else buckets.set(k, [spot.box]);
    }
    placed.push({ ...c, side: spot.side });
    boxes.push(spot.box);
  }
  return { placed, boxes };
}
