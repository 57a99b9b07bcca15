import { Table } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A horizontally scrolling box for wide tables on narrow screens. It is a labelled, focusable region so
 * keyboard users can scroll it with the arrow keys. While columns are hidden past an edge, that edge
 * shows a shadow, so nobody mistakes a scrolled-off column for a missing one.
 */
export function TableScroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

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
    <div className="table-scroll" data-more-left={more.left || undefined} data-more-right={more.right || undefined}>
      <Table.ScrollContainer ref={ref} type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
        {children}
      </Table.ScrollContainer>
    </div>
  );
}
