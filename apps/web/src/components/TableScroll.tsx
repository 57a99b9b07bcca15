import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A horizontally scrolling box for wide tables on narrow screens. It is a labelled, focusable region so
 * keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}
