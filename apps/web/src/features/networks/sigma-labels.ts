/**
 * Sigma's node labels, drawn through `placeLabels` so that none overlaps another or covers another node's
 * disc. Sigma offers a frame's labels (those its label grid chose and the forced ones) to its
 * `defaultDrawNodeLabel`, one by one in grid order; `draw` only notes them, and after the frame they are
 * placed, most important first (right of their node, else left, above or below, else left out), and
 * drawn on sigma's label canvas. What was drawn is written to the container for the browser tests:
 * `data-label-boxes`, each label's box with whether it is kept and the index of its own node in
 * `data-node-discs`, the discs of the nodes on the canvas; `data-label-nodes`, the labelled nodes' keys.
 * The boxed labels (the selected node, the picked reports, the node under the pointer), which sigma's hover
 * layer draws in a white box right of the node, are drawn by `drawHover` instead, on the side where they
 * fit within the canvas (`boxedLabelSide`), shortened with an ellipsis where none does; the same side is
 * kept clear of the other labels.
 */
import type { Attributes } from 'graphology-types';
import type Sigma from 'sigma';
import type { NodeHoverDrawingFunction, NodeLabelDrawingFunction } from 'sigma/rendering';
import { boxedLabelSide, boxedShape, labelTextOrigin, placeLabels, shortenToWidth, type LabelCandidate, type Leader, type NodeDisc } from './label-placement';

export interface LabelImportance {
  /** `LABEL_RANK`: higher is placed first. */
  rank: number;
  /** Drawn whatever it covers (and by sigma as a box around the node). */
  kept: boolean;
  /** Within a rank, higher is placed first (how many nodes it links). */
  weight: number;
  /** A hub's label, which may stand off its node with a leader line where no side of it is free. */
  callout: boolean;
}

/** Label text colour, and the white halo that keeps it legible over edges and other nodes. */
const LABEL_COLOUR = '#1f2933';
const HALO = 'rgba(255, 255, 255, 0.9)';

interface Offer extends LabelCandidate {
  label: string;
}

/**
 * `importance` ranks a node's label; `shown` says whether a node's disc is worth keeping clear (not one
 * faded behind a chain, say): labels keep off those only.
 */
export function placedLabels<N extends Attributes>(importance: (key: string) => LabelImportance, shown: (key: string) => boolean = () => true) {
  let offers: Offer[] = [];
  let context: CanvasRenderingContext2D | null = null;
  let font = { size: 14, css: '14px sans-serif' };
  const widths = new Map<string, number>();
  let canvas: (() => { width: number; height: number }) | undefined;
  const measure = (ctx: CanvasRenderingContext2D, text: string) => {
    let width = widths.get(text);
    if (width === undefined) {
      width = ctx.measureText(text).width;
      widths.set(text, width);
    }
    return width;
  };
  /** A boxed label's side, and its text, shortened where it fits no side of its node on the canvas. */
  const fitBoxed = (ctx: CanvasRenderingContext2D, node: { x: number; y: number; size: number }, label: string, fontSize: number) => {
    const width = measure(ctx, label);
    const { side, room } = boxedLabelSide({ ...node, width }, fontSize, canvas?.());
    const text = width <= room ? label : shortenToWidth(label, room, (t) => measure(ctx, t));
    return { side, text, width: text === label ? width : measure(ctx, text) };
  };

  const draw: NodeLabelDrawingFunction<N> = (ctx, data, settings) => {
    if (!data.label) return;
    context = ctx;
    const css = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    if (css !== font.css) {
      font = { size: settings.labelSize, css };
      widths.clear();
    }
    ctx.font = css;
    // Sigma passes the node's key with its display data (its type leaves it out).
    const key = (data as { key?: string }).key ?? data.label;
    const { rank, kept, weight, callout } = importance(key);
    const boxed = kept || data.highlighted === true;
    const { text, width, side } = boxed ? fitBoxed(ctx, data, data.label, font.size) : { text: data.label, width: measure(ctx, data.label), side: undefined };
    offers.push({ key, label: text, x: data.x, y: data.y, size: data.size, width, rank, weight, callout, kept, boxed, boxSide: side });
  };

  /**
   * Sigma's `defaultDrawNodeHover`: its white box (with its shadow) and label, as `drawDiscNodeHover`
   * draws them right of the node, but on the side `boxedLabelSide` gives.
   */
  const drawHover: NodeHoverDrawingFunction<N> = (ctx, data, settings) => {
    const size = settings.labelSize;
    const css = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    if (css !== font.css) {
      font = { size, css };
      widths.clear();
    }
    ctx.font = css;
    ctx.fillStyle = '#FFF';
    ctx.shadowOffsetX = 0;
    ctx.shadowOffsetY = 0;
    ctx.shadowBlur = 8;
    ctx.shadowColor = '#000';
    ctx.beginPath();
    if (typeof data.label !== 'string' || !data.label) {
      ctx.arc(data.x, data.y, data.size + 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.shadowBlur = 0;
      return;
    }
    const { side, text, width } = fitBoxed(ctx, data, data.label, size);
    const { radius, rect } = boxedShape({ ...data, width }, size, side);
    // One path, ring and rectangle, so that the shadow falls round their union only.
    ctx.arc(data.x, data.y, radius, 0, Math.PI * 2);
    ctx.rect(rect.x, rect.y, rect.width, rect.height);
    ctx.fill('nonzero');
    ctx.shadowBlur = 0;
    const origin = labelTextOrigin({ key: '', x: data.x, y: data.y, size: data.size, width, rank: 0, kept: true, boxed: true }, size, side);
    ctx.fillStyle = settings.labelColor.color ?? '#000';
    ctx.fillText(text, origin.x, origin.y);
  };

  /** Places and draws each frame's labels on `renderer`'s label canvas; `container` gets their boxes. */
  const attach = (renderer: Sigma<N>, container: HTMLElement) => {
    let written = { boxes: '', discs: '', nodes: '' };
    canvas = () => renderer.getDimensions();
    renderer.on('beforeRender', () => {
      offers = [];
    });
    renderer.on('afterRender', () => {
      const discs = discsOnCanvas(renderer, shown);
      const { placed, boxes } = placeLabels(offers, font.size, { discs, canvas: renderer.getDimensions() });
      if (context) {
        context.font = font.css;
        context.fillStyle = LABEL_COLOUR;
        context.strokeStyle = HALO;
        context.lineWidth = 3;
        context.lineJoin = 'round';
        for (const o of placed) {
          if (o.leader) drawLeader(context, o.leader);
          context.strokeText(o.label, o.text.x, o.text.y);
          context.fillText(o.label, o.text.x, o.text.y);
        }
      }
      const discIndex = new Map(discs.map((d, i) => [d.key, i]));
      const text = JSON.stringify(boxes.map((b, i) => [round(b.x), round(b.y), round(b.width), round(b.height), placed[i]!.kept ? 1 : 0, discIndex.get(b.key) ?? -1]));
      const discText = JSON.stringify(discs.map((d) => [round(d.x), round(d.y), round(d.r)]));
      const nodeText = JSON.stringify(placed.map((o) => o.key));
      if (text !== written.boxes || discText !== written.discs || nodeText !== written.nodes) {
        written = { boxes: text, discs: discText, nodes: nodeText };
        container.setAttribute('data-node-discs', discText);
        container.setAttribute('data-label-nodes', nodeText);
        container.setAttribute('data-label-boxes', text);
      }
    });
  };

  return { draw, drawHover, attach };
}

/** A hub's leader line, thin and haloed as the text is, so that it reads over edges; the label's style is restored after. */
function drawLeader(context: CanvasRenderingContext2D, l: Leader): void {
  context.beginPath();
  context.moveTo(l.x1, l.y1);
  context.lineTo(l.x2, l.y2);
  context.stroke();
  context.lineWidth = 1;
  context.strokeStyle = LABEL_COLOUR;
  context.stroke();
  context.lineWidth = 3;
  context.strokeStyle = HALO;
}

/** Pixels beyond the canvas' edges within which a node's disc still counts (a label may reach out to it). */
const DISC_MARGIN = 50;

/** The discs of the `shown` nodes drawn on the canvas (or just off it), in its pixels, as sigma draws them. */
function discsOnCanvas<N extends Attributes>(renderer: Sigma<N>, shown: (key: string) => boolean): NodeDisc[] {
  const { width, height } = renderer.getDimensions();
  const discs: NodeDisc[] = [];
  renderer.getGraph().forEachNode((key) => {
    const data = renderer.getNodeDisplayData(key);
    if (!data || data.hidden || !shown(key)) return;
    const { x, y } = renderer.framedGraphToViewport(data);
    const r = renderer.scaleSize(data.size);
    if (x + r < -DISC_MARGIN || y + r < -DISC_MARGIN || x - r > width + DISC_MARGIN || y - r > height + DISC_MARGIN) return;
    discs.push({ key, x, y, r });
  });
  return discs;
}

const round = (v: number) => Math.round(v * 100) / 100;
