import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxedLabelSide, boxedShape, coversDisc, crossesBox, LABEL_RANK, labelBox, labelTextOrigin, placeLabels, shortenToWidth, type LabelBox, type LabelCandidate, type LabelSide, type NodeDisc } from './label-placement';

const FONT = 13;

const overlap = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const label = (key: string, x: number, y: number, extra: Partial<LabelCandidate> = {}): LabelCandidate => ({
  key,
  x,
  y,
  size: 5,
  width: 80,
  rank: LABEL_RANK.other,
  kept: false,
  boxed: false,
  ...extra,
});

const candidate = fc.record({
  key: fc.string({ minLength: 1, maxLength: 6 }),
  x: fc.double({ min: 0, max: 700, noNaN: true }),
  y: fc.double({ min: 0, max: 560, noNaN: true }),
  size: fc.double({ min: 1, max: 20, noNaN: true }),
  width: fc.double({ min: 0, max: 180, noNaN: true }),
  rank: fc.constantFrom(...Object.values(LABEL_RANK)),
  weight: fc.integer({ min: 0, max: 80 }),
  callout: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  kept: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  boxed: fc.boolean(),
});

describe('label placement', () => {
  it('measures a label as sigma draws it: right of its node, centred on it; a highlighted one as a box around both', () => {
    const plain = labelBox(label('a', 100, 50, { size: 6, width: 40 }), FONT);
    expect(plain.x).toBeCloseTo(100 + 6 + 3 - 2);
    expect(plain.y + plain.height / 2).toBeCloseTo(50);
    expect(plain.height).toBeGreaterThan(FONT);
    const boxed = labelBox(label('a', 100, 50, { size: 6, width: 40, boxed: true }), FONT);
    expect(boxed.x).toBeLessThan(100 - 6);
    expect(boxed.x + boxed.width).toBeGreaterThan(plain.x + plain.width);
    // A large highlighted node: its disc, drawn over the labels with the box, reaches above and below the text.
    const hub = labelBox(label('a', 100, 50, { size: 25, width: 40, boxed: true }), FONT);
    expect(hub.y).toBeLessThanOrEqual(50 - 25 - 2);
    expect(hub.y + hub.height).toBeGreaterThanOrEqual(50 + 25 + 2);
  });

  it('moves the lesser of two labels that would touch to the left of its node, or leaves it out; keeps apart ones that do not', () => {
    const hub = label('hub', 100, 100, { size: 12 });
    const before = label('before', 80, 104, { size: 4 });
    const far = label('far', 100, 300);
    expect(placeLabels([before, far, hub], FONT).placed.map((c) => `${c.key} ${c.side}`)).toEqual(['hub right', 'far right', 'before left']);
    // Hemmed in on both sides: left out.
    const right = label('right', 104, 106, { size: 4 });
    const left = label('left', 0, 106, { size: 12 });
    expect(placeLabels([right, hub, left], FONT).placed.map((c) => c.key)).toEqual(['hub', 'left']);
    // Rank before size: a neighbour of the selected node wins over a larger stranger.
    const leaf = label('leaf', 104, 106, { size: 4 });
    const neighbour = { ...leaf, rank: LABEL_RANK.neighbour };
    expect(placeLabels([hub, neighbour], FONT).placed.map((c) => c.key)).toEqual(['leaf', 'hub']);
    // The selected node's label is drawn whatever it covers.
    const selected = { ...leaf, rank: LABEL_RANK.selected, kept: true, boxed: true };
    const picked = { ...hub, rank: LABEL_RANK.picked, kept: true, boxed: true };
    expect(placeLabels([selected, picked], FONT).placed.map((c) => c.key)).toEqual(['leaf', 'hub']);
    // A chain's identifier whose label ends where a picked report's disc begins, a little lower: left out.
    const report = label('report', 300, 120, { size: 24, width: 90, rank: LABEL_RANK.picked, kept: true, boxed: true });
    const identifier = label('identifier', 170, 95, { size: 24, width: 130, rank: LABEL_RANK.path });
    expect(placeLabels([identifier, report], FONT).placed.map((c) => `${c.key} ${c.side}`)).toEqual(['report right', 'identifier left']);
  });

  it('never lets a label that is not kept touch another, draws every kept one, and answers the same in any order', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 120 }), fc.integer(), (candidates, seed) => {
        const { placed, boxes } = placeLabels(candidates, FONT);
        for (let i = 0; i < boxes.length; i += 1) {
          for (let j = 0; j < i; j += 1) {
            if (!placed[i]!.kept || !placed[j]!.kept) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
          }
        }
        const keys = new Set(placed.map((c) => c.key));
        expect(keys.size).toBe(placed.length);
        for (const c of candidates) if (c.kept) expect(keys.has(c.key)).toBe(true);
        const shuffled = [...candidates].sort((a, b) => ((a.x * 7919 + seed) % 13) - ((b.x * 7919 + seed) % 13));
        const again = placeLabels(shuffled, FONT).placed.map((c) => c.key);
        // Same keys with the same facts give the same labels (duplicated keys keep their first offer).
        if (new Set(candidates.map((c) => c.key)).size === candidates.length) expect(again).toEqual(placed.map((c) => c.key));
      }),
    );
  });

  it('keeps a label off other nodes’ discs: right of its node, else left, above or below; else leaves it out', () => {
    const disc = (key: string, x: number, y: number, r = 5): NodeDisc => ({ key, x, y, r });
    const hub = label('hub', 200, 200, { size: 6, width: 60 });
    const own = disc('hub', 200, 200, 6);
    const sides = (discs: NodeDisc[]) => placeLabels([hub], FONT, { discs: [own, ...discs] }).placed.map((c) => c.side);
    expect(sides([])).toEqual(['right']);
    const right = disc('r', 240, 200);
    const left = disc('l', 160, 200);
    const above = disc('a', 200, 180);
    const below = disc('b', 200, 220);
    expect(sides([right])).toEqual(['left']);
    expect(sides([right, left])).toEqual(['above']);
    expect(sides([right, left, above])).toEqual(['below']);
    expect(sides([right, left, above, below])).toEqual([]);
    // Its own disc never counts, and one a rim's width away does not either.
    expect(sides([disc('near', 200 + 6 + 3 + 60 + 2 + 5, 200)])).toEqual(['right']);
    // Near the canvas' right edge, a label that would run past it goes to the left.
    expect(placeLabels([hub], FONT, { discs: [own], canvas: { width: 250, height: 400 } }).placed.map((c) => c.side)).toEqual(['left']);
    // A kept label is drawn where sigma boxes it whatever it covers.
    expect(placeLabels([{ ...hub, kept: true, boxed: true }], FONT, { discs: [own, right, left, above, below] }).placed.map((c) => c.key)).toEqual(['hub']);
  });

  it('draws the text inside the box it measured, on every side', () => {
    const c = label('a', 100, 100, { size: 8, width: 50 });
    for (const side of ['right', 'left', 'above', 'below'] satisfies LabelSide[]) {
      const box = labelBox(c, FONT, side);
      const { x, y } = labelTextOrigin(c, FONT, side);
      expect(x).toBeCloseTo(box.x + 2);
      expect(x + c.width).toBeCloseTo(box.x + box.width - 2);
      // The baseline sits in the lower half of the box, the text above it.
      expect(y).toBeGreaterThan(box.y + box.height / 2);
      expect(y).toBeLessThan(box.y + box.height);
      expect(coversDisc(box, { key: 'a', x: 100, y: 100, r: 8 })).toBe(false);
    }
  });

  it('never puts a label that is not kept over a disc but its own node’s, nor past the canvas’ edge', () => {
    const disc = fc.record({ x: fc.double({ min: 0, max: 700, noNaN: true }), y: fc.double({ min: 0, max: 560, noNaN: true }), r: fc.double({ min: 1, max: 20, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 80 }), fc.array(disc, { maxLength: 120 }), (candidates, others) => {
        const discs: NodeDisc[] = [...candidates.map((c) => ({ key: c.key, x: c.x, y: c.y, r: c.size })), ...others.map((d, i) => ({ key: `other-${i}`, ...d }))];
        const { placed, boxes } = placeLabels(candidates, FONT, { discs, canvas: { width: 700, height: 560 } });
        placed.forEach((c, i) => {
          if (c.kept) return;
          for (const d of discs) if (d.key !== c.key) expect(coversDisc(boxes[i]!, d)).toBe(false);
          const box = boxes[i]!;
          expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 700 && box.y + box.height <= 560).toBe(true);
          for (let j = 0; j < i; j += 1) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
        });
        // A hub's leader line crosses no label but its own.
        placed.forEach((c, i) => {
          if (c.leader) boxes.forEach((box, j) => expect(j === i || !crossesBox(c.leader!, box)).toBe(true));
        });
      }),
    );
  });

  it('labels the most connected node first where two of the same rank and size compete for the same place', () => {
    // Two nodes a label's height apart: only one label fits on the right, the other has no free side.
    const discs: NodeDisc[] = [];
    const a = label('a', 100, 100, { size: 4, weight: 3 });
    const b = label('b', 100, 108, { size: 4, weight: 40 });
    for (const [x, y] of [[60, 90], [60, 118], [100, 80], [100, 128]]) discs.push({ key: `d${x}-${y}`, x: x!, y: y!, r: 6 });
    discs.push({ key: 'a', x: 100, y: 100, r: 4 }, { key: 'b', x: 100, y: 108, r: 4 });
    expect(placeLabels([a, b], FONT, { discs }).placed.map((c) => c.key)).toEqual(['b']);
    expect(placeLabels([{ ...a, weight: 41 }, b], FONT, { discs }).placed.map((c) => c.key)).toEqual(['a']);
    // Rank still comes first: a neighbour of the selected node beats a hub.
    expect(placeLabels([{ ...a, rank: LABEL_RANK.neighbour }, { ...b, rank: LABEL_RANK.hub }], FONT, { discs }).placed.map((c) => c.key)).toEqual(['a']);
  });

  it('stands a hub’s label off its node, with a leader line, where discs hem it in on every side; leaves any other out', () => {
    // A hub in the dense middle: a ring of discs all around it, two rings deep.
    const hub = label('hub', 300, 250, { size: 10, width: 90, weight: 60 });
    const discs: NodeDisc[] = [{ key: 'hub', x: 300, y: 250, r: 10 }];
    for (let ring = 1; ring <= 3; ring += 1) {
      for (let i = 0; i < 12 * ring; i += 1) {
        const angle = (2 * Math.PI * i) / (12 * ring);
        discs.push({ key: `n${ring}-${i}`, x: 300 + 22 * ring * Math.cos(angle), y: 250 + 22 * ring * Math.sin(angle), r: 5 });
      }
    }
    const canvas = { width: 700, height: 560 };
    expect(placeLabels([hub], FONT, { discs, canvas }).placed).toEqual([]);
    const [placed] = placeLabels([{ ...hub, callout: true }], FONT, { discs, canvas }).placed;
    expect(placed?.side).toBe('apart');
    const { boxes } = placeLabels([{ ...hub, callout: true }], FONT, { discs, canvas });
    for (const d of discs) if (d.key !== 'hub') expect(coversDisc(boxes[0]!, d)).toBe(false);
    // The line starts at the hub's rim and ends where its text starts (or, left of the node, ends).
    const { leader, text } = placed!;
    expect(Math.hypot(leader!.x1 - 300, leader!.y1 - 250)).toBeCloseTo(10);
    expect(Math.abs(text.x - leader!.x2) <= 2.01 || Math.abs(text.x + hub.width - leader!.x2) <= 2.01).toBe(true);
    // The nearest free place: just past the discs (three rings of 22 px), not across the canvas.
    expect(Math.hypot(leader!.x2 - 300, leader!.y2 - 250)).toBeLessThan(22 * 3 + 5 + 40);
    // A label placed before it is not crossed by its line: the hub goes round it.
    const blocker = label('blocker', 420, 250, { size: 3, width: 80, rank: LABEL_RANK.neighbour });
    const both = placeLabels([blocker, { ...hub, callout: true }], FONT, { discs, canvas });
    expect(both.placed.map((c) => c.key)).toEqual(['blocker', 'hub']);
    expect(crossesBox(both.placed[1]!.leader!, both.boxes[0]!)).toBe(false);
  });

  it("draws the selected node's boxed label on the side where it fits the canvas: right, else left, above, below, else shortened", () => {
    // A 390 px phone's canvas; a long handle (150 px) on a node near its right edge ran off it.
    const canvas = { width: 358, height: 560 };
    const node = (x: number, y: number, width = 150) => ({ x, y, size: 8, width });
    const within = (c: ReturnType<typeof node>, side: Parameters<typeof boxedShape>[2]) => {
      const { rect } = boxedShape(c, FONT, side);
      return rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= canvas.width && rect.y + rect.height <= canvas.height;
    };
    expect(boxedLabelSide(node(40, 200), FONT, canvas)).toEqual({ side: 'right', room: Infinity });
    const nearRight = node(300, 200);
    expect(within(nearRight, 'right')).toBe(false);
    expect(boxedLabelSide(nearRight, FONT, canvas)).toEqual({ side: 'left', room: Infinity });
    expect(within(nearRight, 'left')).toBe(true);
    // Too wide for either side of a node in the middle, but not centred over it.
    expect(boxedLabelSide(node(180, 200, 200), FONT, canvas)).toEqual({ side: 'above', room: Infinity });
    expect(boxedLabelSide(node(180, 10, 200), FONT, canvas)).toEqual({ side: 'below', room: Infinity });
    // Wider than the canvas: the side with more room, and the width the text may take there.
    const { side, room } = boxedLabelSide(node(200, 200, 500), FONT, canvas);
    expect(side).toBe('left');
    expect(within(node(200, 200, room), 'left')).toBe(true);
    expect(room).toBeLessThan(200);
    // Without a canvas, where sigma draws it.
    expect(boxedLabelSide(nearRight, FONT).side).toBe('right');
  });

  it('keeps the other labels clear of a boxed label on its side, and places it where the hover layer draws it', () => {
    const canvas = { width: 358, height: 560 };
    const selected = label('sel', 300, 200, { size: 8, width: 150, rank: LABEL_RANK.selected, kept: true, boxed: true });
    const { placed, boxes } = placeLabels([selected], FONT, { canvas });
    expect(placed[0]!.side).toBe('left');
    expect(boxes[0]!.x).toBeGreaterThanOrEqual(0);
    expect(boxes[0]!.x + boxes[0]!.width).toBeLessThanOrEqual(canvas.width);
    // A label that would sit where the box now is, left of the node, goes elsewhere or nowhere.
    const left = label('left', 200, 200, { size: 4, width: 40, rank: LABEL_RANK.neighbour });
    const both = placeLabels([selected, left], FONT, { canvas });
    for (const b of both.boxes.slice(1)) expect(overlap(b, both.boxes[0]!)).toBe(false);
    // A side given by the hover layer is kept.
    expect(placeLabels([{ ...selected, boxSide: 'below' }], FONT, { canvas }).placed[0]!.side).toBe('below');
  });

  it('shortens a text with an ellipsis to the longest start that fits', () => {
    const measure = (t: string) => Array.from(t).length * 7;
    expect(shortenToWidth('Telegram @kevin_lucky', 1000, measure)).toBe('Telegram @kevin_lucky');
    const short = shortenToWidth('Telegram @kevin_lucky', 70, measure);
    expect(short).toBe('Telegram…');
    expect(measure(short)).toBeLessThanOrEqual(70);
    expect(shortenToWidth('Telegram @kevin_lucky', 0, measure)).toBe('…');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 7, max: 400 }), (text, room) => {
        const out = shortenToWidth(text, room, measure);
        expect(measure(out)).toBeLessThanOrEqual(room);
        if (out !== text) expect(text.startsWith(out.slice(0, -1))).toBe(true);
      }),
    );
  });
});
