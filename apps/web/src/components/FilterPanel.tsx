import { Button, Collapse, Group, Stack } from '@mantine/core';
import { useId, useMediaQuery } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Mantine's `sm` breakpoint: below it the filter grid is one column, taller than a phone's screen. */
const PHONE = '(max-width: 47.99em)';

/**
 * A list page's filters. On a phone they are folded behind one button that says how many are applied, so
 * the results are on the first screen and not below six stacked fields; on wider screens they are always
 * shown, as before. Folding hides nothing that is in force: the count says so.
 */
export function FilterPanel({ activeCount, children }: { activeCount: number; children: ReactNode }) {
  const { t } = useTranslation();
  // Read at once (not after a first render unfolded), so a phone never sees the fields flash open.
  const phone = useMediaQuery(PHONE, false, { getInitialValueInEffect: false });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (!phone) return <>{children}</>;
  return (
    <Stack gap="xs">
      <Button
        variant="default"
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="filter-toggle"
      >
        {open ? t('common.hideFilters') : activeCount > 0 ? t('common.showFiltersApplied', { count: activeCount }) : t('common.showFilters')}
      </Button>
      {/* Applying or resetting folds them again, so the results they chose are what the phone shows next. */}
      <Collapse
        in={open}
        id={panelId}
        onSubmit={(event) => {
          // A field the form marks invalid (dates the wrong way round) keeps them open, with its message.
          if (!(event.target as HTMLElement).querySelector('[aria-invalid="true"]')) setOpen(false);
        }}
        onClick={(event) => {
          if ((event.target as HTMLElement).closest('[data-filter-reset]')) setOpen(false);
        }}
      >
        {children}
      </Collapse>
    </Stack>
  );
}

/** A filter form's Apply (submit) and Reset buttons; on a phone both fold the FilterPanel around them. */
export function FilterActions({ onReset, applyTestId }: { onReset: () => void; applyTestId?: string }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end" gap="sm">
      <Button type="submit" data-testid={applyTestId}>
        {t('common.applyFilters')}
      </Button>
      <Button variant="default" onClick={onReset} data-filter-reset>
        {t('common.reset')}
      </Button>
    </Group>
  );
}
