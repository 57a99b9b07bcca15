/**
 * Which node labels the explorer draws, and where, so that no two overlap at any zoom and none hides
 * another node's disc. Sigma's label grid (`labelDensity`, `labelGridCellSize`,
 * `labelRenderedSizeThreshold`) keeps the largest nodes of each screen cell, but labels are wider than a
 * cell and neighbouring cells' labels still ran into each other (hundreds of nodes in the demo world's
 * largest network), and a label drawn right of its node covered the nodes there. Here the labels sigma
 * offers for a frame are placed greedily, the most important first, each on the first side of its node
 * (right, left, above, below) where it touches neither a label placed before it nor another node's disc,
 * within the canvas; one with no such side is left out: a hidden node is worse than a missing label (the node list and the
 * pointer show every label). Among labels of equal rank the most connected nodes go first; and the hubs (the
 * few most connected nodes, those an analyst looks for) sit in the dense middle of a zoomed-out network,
 * where every side of them is covered with discs: a hub's label may then stand off, in the nearest free
 * place, tied to its node by a thin leader line that crosses no label.
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
  /** Higher is placed first (see `LABEL_RANK`); ties go to the larger `weight`, then the larger node, then the key. */
  rank: number;
  /** How much the node matters within its rank (how many nodes it links); 0 when not said. */
  weight?: number;
  /** A hub's: with no free side next to its node, the label may stand off with a leader line. */
  callout?: boolean;
  /** Drawn whatever it covers (the selected node, the picked reports, the node under the pointer). */
  kept: boolean;
  /** Drawn by sigma as a white box around the node and its label (a highlighted or hovered node). */
  boxed: boolean;
  /**
   * A boxed label's side, as the hover layer draws it (`boxedLabelSide` of its whole text, which may then
   * be shortened to fit): worked out from its text's width, it would differ once the text is shortened.
   */
  boxSide?: NextToNode;
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
export const LABEL_RANK = { selected: 6, picked: 5, hovered: 5, path: 4, neighbour: 3, cell: 2, hub: 1, other: 0 } as const;

/** Pixels kept free around every label. */
const GAP = 2;
/** Side of the buckets that find a label's possible neighbours. */
const BUCKET = 64;

/**
 * Where a label goes: right of its node as sigma draws it, else left of it, above it or below it; a hub's
 * may stand off (`apart`), with a leader line.
 */
export type LabelSide = 'right' | 'left' | 'above' | 'below' | 'apart';
/** A leader line from a hub's disc to its label standing apart, in screen pixels. */
export interface Leader {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
/** How far (px from the disc) a hub's label may stand off, in rings of this step, in this many directions. */
const APART_MAX = 240;
const APART_STEP = 12;
const APART_DIRECTIONS = 16;
const SIDES: readonly Exclude<LabelSide, 'apart'>[] = ['right', 'left', 'above', 'below'];

/**
 * Where the text of a label starts and the middle of its height: right of the disc as sigma's
 * `drawDiscNodeLabel` draws it (3 px from the disc, centred on the node), as far left of it, or centred
 * over or under it, 2 px from the disc.
 */
function textSpot(c: LabelCandidate, fontSize: number, side: Exclude<LabelSide, 'apart'>): { left: number; middle: number } {
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
export function labelTextOrigin(c: LabelCandidate, fontSize: number, side: Exclude<LabelSide, 'apart'>): { x: number; y: number } {
  const { left, middle } = textSpot(c, fontSize, side);
  return textOrigin(left, middle, fontSize);
}

const textOrigin = (left: number, middle: number, fontSize: number) => ({ x: left, y: middle + fontSize / 3 });

/** The box of a text starting at `left`, centred on `middle` (1.2 em high), with `GAP` around it. */
function textBox(key: string, left: number, middle: number, width: number, fontSize: number): LabelBox {
  const height = fontSize * 1.2;
  return { key, x: left - GAP, y: middle - height / 2 - GAP, width: width + 2 * GAP, height: height + 2 * GAP };
}

/** A label's side next to its node (not standing apart). */
export type NextToNode = Exclude<LabelSide, 'apart'>;

/** The white box of a boxed label (the selected, a picked or the hovered node): a ring around the disc, and the text's rectangle. */
export interface BoxedShape {
  /** The ring's radius around the node's centre. */
  radius: number;
  rect: { x: number; y: number; width: number; height: number };
}

/**
 * The box sigma's `drawDiscNodeHover` draws right of a node (a ring of the node's radius, at least half
 * the font size, plus 2 px; a rectangle of the text's width plus 5 px, the font size plus 4 px high),
 * drawn as well on the other sides: left of it mirrored, or centred over or under it round the text as
 * `textSpot` places it there.
 */
export function boxedShape(c: Pick<LabelCandidate, 'x' | 'y' | 'size' | 'width'>, fontSize: number, side: NextToNode): BoxedShape {
  const radius = Math.max(c.size, fontSize / 2) + 2;
  const width = c.width + 5;
  const height = fontSize + 4;
  switch (side) {
    case 'right':
      return { radius, rect: { x: c.x + radius, y: c.y - height / 2, width, height } };
    case 'left':
      return { radius, rect: { x: c.x - radius - width, y: c.y - height / 2, width, height } };
    case 'above':
    case 'below': {
      const { middle } = textSpot({ ...c, key: '', rank: 0, kept: true, boxed: true }, fontSize, side);
      return { radius, rect: { x: c.x - width / 2, y: middle - height / 2, width, height } };
    }
  }
}

/**
 * The side of a boxed label: sigma draws it right of its node, which on a phone's narrow canvas ran off
 * the edge and was cut. As the other labels, it goes on the first side (right, left, above, below) where
 * its box lies within `canvas`; with none, right or left, whichever has more room, with the text's width
 * that fits there (`room`; the text is shortened to it with an ellipsis). `room` is Infinity where the
 * whole text fits, or without a canvas. It depends on the node and the canvas only, not on the other
 * labels: sigma's hover layer and the label placement work it out apart and must agree.
 */
export function boxedLabelSide(c: Pick<LabelCandidate, 'x' | 'y' | 'size' | 'width'>, fontSize: number, canvas?: { width: number; height: number }): { side: NextToNode; room: number } {
  if (!canvas) return { side: 'right', room: Number.POSITIVE_INFINITY };
  for (const side of SIDES) {
    const { rect } = boxedShape(c, fontSize, side);
    if (rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= canvas.width && rect.y + rect.height <= canvas.height) return { side, room: Number.POSITIVE_INFINITY };
  }
  const radius = Math.max(c.size, fontSize / 2) + 2;
  const right = canvas.width - (c.x + radius) - 5;
  const left = c.x - radius - 5;
  return right >= left ? { side: 'right', room: Math.max(0, right) } : { side: 'left', room: Math.max(0, left) };
}

/**
 * The longest start of `text` that, with an ellipsis, is at most `room` wide (`measure` gives a text's
 * width); `text` itself when it fits. Never less than the ellipsis.
 */
export function shortenToWidth(text: string, room: number, measure: (text: string) => number): string {
  if (measure(text) <= room) return text;
  const chars = Array.from(text);
  let low = 0;
  let high = chars.length - 1;
  // The longest prefix that fits, by bisection: measuring is the costly part.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= room) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}

/**
 * The rectangle of a label as sigma draws it (`drawDiscNodeLabel`, or for a boxed one the box of
 * `boxedShape` and the disc), with `GAP` around it. The text's height is taken as 1.2 em around its
 * middle: Thai marks reach above Latin capitals.
 */
export function labelBox(c: LabelCandidate, fontSize: number, side: NextToNode = 'right'): LabelBox {
  if (c.boxed) {
    // The box is drawn over the other labels (sigma's hover layer), its disc too: a large node's disc
    // reaches beyond the box.
    const { radius, rect } = boxedShape(c, fontSize, side);
    const x = Math.min(c.x - radius, rect.x);
    const y = Math.min(c.y - radius, rect.y);
    const right = Math.max(c.x + radius, rect.x + rect.width);
    const bottom = Math.max(c.y + radius, rect.y + rect.height);
    return { key: c.key, x: x - GAP, y: y - GAP, width: right - x + 2 * GAP, height: bottom - y + 2 * GAP };
  }
  const { left, middle } = textSpot(c, fontSize, side);
  return textBox(c.key, left, middle, c.width, fontSize);
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

/** Whether the segment `l` crosses `box` (Liang–Barsky clipping). */
export function crossesBox(l: Leader, box: LabelBox): boolean {
  const dx = l.x2 - l.x1;
  const dy = l.y2 - l.y1;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, l.x1 - box.x],
    [dx, box.x + box.width - l.x1],
    [-dy, l.y1 - box.y],
    [dy, box.y + box.height - l.y1],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
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
 * The labels to draw, most important first, their sides, boxes and where their text starts: every kept
 * one (a boxed one on the side of `boxedLabelSide`, where the hover layer boxes it), then each other one on the first side whose box touches no
 * label placed before it, no leader line and no disc of `discs` but its own node's, and lies within
 * `canvas`; with no such side, a hub's (`callout`) stands apart in the nearest such place whose leader line
 * crosses no label, and any other is left out. The same candidates and discs always give the same answer.
 */
export function placeLabels<C extends LabelCandidate>(
  candidates: readonly C[],
  fontSize: number,
  { discs = [], canvas }: { discs?: readonly NodeDisc[]; canvas?: { width: number; height: number } } = {},
): { placed: Array<PlacedLabel<C>>; boxes: LabelBox[] } {
  const order = [...candidates].sort(
    (a, b) => Number(b.kept) - Number(a.kept) || b.rank - a.rank || (b.weight ?? 0) - (a.weight ?? 0) || b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const labels = new Buckets<LabelBox>();
  const nodes = new Buckets<NodeDisc>();
  for (const d of discs) nodes.add(nodes.keys(d.x - d.r, d.y - d.r, 2 * d.r, 2 * d.r), d);
  const placed: Array<PlacedLabel<C>> = [];
  const boxes: LabelBox[] = [];
  const leaders: Leader[] = [];
  const seen = new Set<string>();
  for (const c of order) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    const free = (box: LabelBox) => {
      const keys = labels.keys(box.x, box.y, box.width, box.height);
      if (c.kept) return keys;
      // A label cut by the canvas' edge is not read either: another side, or none.
      if (canvas && (box.x < 0 || box.y < 0 || box.x + box.width > canvas.width || box.y + box.height > canvas.height)) return null;
      if (labels.some(keys, (other) => overlaps(box, other))) return null;
      if (nodes.some(keys, (disc) => disc.key !== c.key && coversDisc(box, disc))) return null;
      if (leaders.some((l) => crossesBox(l, box))) return null;
      return keys;
    };
    let spot: { side: LabelSide; box: LabelBox; keys: number[]; text: { x: number; y: number }; leader: Leader | null } | null = null;
    for (const side of c.boxed ? [c.boxSide ?? boxedLabelSide(c, fontSize, canvas).side] : SIDES) {
      const box = labelBox(c, fontSize, side);
      const keys = free(box);
      if (keys) {
        spot = { side, box, keys, text: labelTextOrigin(c, fontSize, side), leader: null };
        break;
      }
    }
    if (!spot && c.callout && !c.boxed) spot = standApart(c, fontSize, free, boxes);
    if (!spot) continue;
    labels.add(spot.keys, spot.box);
    if (spot.leader) leaders.push(spot.leader);
    placed.push({ ...c, side: spot.side, text: spot.text, leader: spot.leader });
    boxes.push(spot.box);
  }
  return { placed, boxes };
}

/** A placed label: its side, where its text starts (`fillText`'s x and baseline), and a hub's leader line when it stands apart. */
export type PlacedLabel<C extends LabelCandidate> = C & { side: LabelSide; text: { x: number; y: number }; leader: Leader | null };

/**
 * The nearest place around a hub's node, ring by ring outwards, where its label is `free` and the leader
 * line from its disc to the text crosses none of the labels placed before (`boxes`); null when none is
 * within `APART_MAX`. Right of the node the text starts at the line's end, left of it the text ends there.
 */
function standApart(c: LabelCandidate, fontSize: number, free: (box: LabelBox) => number[] | null, boxes: readonly LabelBox[]) {
  for (let distance = APART_STEP; distance <= APART_MAX; distance += APART_STEP) {
    for (let i = 0; i < APART_DIRECTIONS; i += 1) {
      const angle = (2 * Math.PI * i) / APART_DIRECTIONS;
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const end = { x: c.x + (c.size + distance) * cos, y: c.y + (c.size + distance) * sin };
      const left = cos >= 0 ? end.x + 2 : end.x - 2 - c.width;
      const box = textBox(c.key, left, end.y, c.width, fontSize);
      const keys = free(box);
      if (!keys) continue;
      const leader = { x1: c.x + c.size * cos, y1: c.y + c.size * sin, x2: end.x, y2: end.y };
      if (boxes.some((b) => crossesBox(leader, b))) continue;
      return { side: 'apart' as const, box, keys, text: textOrigin(left, end.y, fontSize), leader };
    }
  }
  return null;
}
