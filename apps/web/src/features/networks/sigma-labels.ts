/**
 * Sigma's node labels, drawn through `placeLabels` so that none overlaps another. Sigma offers a frame's
 * labels (those its label grid chose and the forced ones) to its `defaultDrawNodeLabel`, one by one in
 * grid order; `draw` only notes them, and after the frame they are placed, most important first (right
 * of their node, or left where that is taken), and drawn on sigma's label canvas. The boxes drawn are written to the canvas' `data-label-boxes` (the
 * browser tests check that none overlaps).
 */
import type { Attributes } from 'graphology-types';
import type Sigma from 'sigma';
import type { NodeLabelDrawingFunction } from 'sigma/rendering';
import { placeLabels, type LabelCandidate } from './label-placement';

export interface LabelImportance {
  /** `LABEL_RANK`: higher is placed first. */
  rank: number;
  /** Drawn whatever it covers (and by sigma as a box around the node). */
  kept: boolean;
}

/** Label text colour, and the white halo that keeps it legible over edges and other nodes. */
const LABEL_COLOUR = '#1f2933';
const HALO = 'rgba(255, 255, 255, 0.9)';

interface Offer extends LabelCandidate {
  label: string;
}

export function placedLabels<N extends Attributes>(importance: (key: string) => LabelImportance) {
  let offers: Offer[] = [];
  let context: CanvasRenderingContext2D | null = null;
  let font = { size: 14, css: '14px sans-serif' };
  const widths = new Map<string, number>();

  const draw: NodeLabelDrawingFunction<N> = (ctx, data, settings) => {
    if (!data.label) return;
    context = ctx;
    const css = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    if (css !== font.css) {
      font = { size: settings.labelSize, css };
      widths.clear();
    }
    let width = widths.get(data.label);
    if (width === undefined) {
      ctx.font = css;
      width = ctx.measureText(data.label).width;
      widths.set(data.label, width);
    }
    // Sigma passes the node's key with its display data (its type leaves it out).
    const key = (data as { key?: string }).key ?? data.label;
    const { rank, kept } = importance(key);
    offers.push({ key, label: data.label, x: data.x, y: data.y, size: data.size, width, rank, kept, boxed: kept || data.highlighted === true });
  };

  /** Places and draws each frame's labels on `renderer`'s label canvas; `container` gets their boxes. */
  const attach = (renderer: Sigma<N>, container: HTMLElement) => {
    let written = '';
    renderer.on('beforeRender', () => {
      offers = [];
    });
    renderer.on('afterRender', () => {
      const { placed, boxes } = placeLabels(offers, font.size);
      if (context) {
        context.font = font.css;
        context.fillStyle = LABEL_COLOUR;
        context.strokeStyle = HALO;
        context.lineWidth = 3;
        context.lineJoin = 'round';
        for (const o of placed) {
          // Where sigma's drawDiscNodeLabel puts it, or as far left of the node (label-placement.ts measures the same).
          const x = o.side === 'right' ? o.x + o.size + 3 : o.x - o.size - 3 - o.width;
          const y = o.y + font.size / 3;
          context.strokeText(o.label, x, y);
          context.fillText(o.label, x, y);
        }
      }
      const text = JSON.stringify(boxes.map((b, i) => [round(b.x), round(b.y), round(b.width), round(b.height), placed[i]!.kept ? 1 : 0]));
      if (text !== written) {
        written = text;
        container.setAttribute('data-label-boxes', text);
      }
    });
  };

  return { draw, attach };
}

const round = (v: number) => Math.round(v * 100) / 100;
