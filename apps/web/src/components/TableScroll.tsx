import { Table } from '@mantine/core';
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { cardLabelProperties } from './card-labels';

/**
 * A horizontally scrolling box for wide tables on narrow screens. It is a labelled region, focusable while
 * it has columns scrolled off, so keyboard users can scroll it with the arrow keys. While columns are hidden past an edge, that edge
 * shows a shadow, so nobody mistakes a scrolled-off column for a missing one.
 *
 * Below Mantine's `sm` breakpoint (a phone) it does not scroll at all: each row is a card and
 * each cell sits under its column's heading (styles.css). The table stays a table, its headings hidden only
 * from the eye, so a screen reader still reads each cell with its column.
 */
export function TableScroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

  // After every render: the headings change with the language and with the columns a role is shown. A dozen
  // headings are read; no row is.
  useLayoutEffect(() => {
    const outer = box.current;
    if (!outer) return;
    const headings = [...outer.querySelectorAll<HTMLElement>('thead th')].map((th) => th.textContent ?? '');
    for (const [name, value] of Object.entries(cardLabelProperties(headings))) {
      if (outer.style.getPropertyValue(name) !== value) outer.style.setProperty(name, value);
    }
  });

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const update = () => {
      const left = box.scrollLeft > 1;
      const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
      setMore((prev) => (prev.left === left && prev.right === right ? prev : { left, right }));
    };
    update();
    box.addEventListener('scroll', update, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    observer?.observe(box);
    if (box.firstElementChild) observer?.observe(box.firstElementChild);
    return () => {
      box.removeEventListener('scroll', update);
      observer?.disconnect();
    };
  }, []);

  return (
    <div ref={box} className="table-scroll" data-cards data-more-left={more.left || undefined} data-more-right={more.right || undefined}>
      {/* A tab stop only while something is scrolled off: a table that fits (a card stack on a phone) has nothing to scroll. */}
      <Table.ScrollContainer ref={ref} type="native" minWidth={minWidth} tabIndex={more.left || more.right ? 0 : undefined} role="region" aria-label={label}>
        {children}
      </Table.ScrollContainer>
    </div>
  );
}
