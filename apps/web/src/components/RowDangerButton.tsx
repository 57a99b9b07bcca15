import { Button } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table row's destructive action (delete, remove, revoke): small and red, its accessible name naming the
 * row it acts on, since a screen reader's list of buttons would otherwise read "Delete" once per row.
 * What it opens (a confirmation) is the page's.
 */
export function RowDangerButton({ children, label, onClick, testId }: { children: ReactNode; label: string; onClick: () => void; testId?: string }) {
  return (
    <Button size="xs" variant="default" c="red.9" onClick={onClick} aria-label={label} data-testid={testId}>
      {children}
    </Button>
  );
}
