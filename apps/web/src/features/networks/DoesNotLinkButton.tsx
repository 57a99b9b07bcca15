import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The one "Does not link" button of a network's key identifiers, the explorer's node panel, the review
 * queue and an identifier's page: each opens the DecisionDialog (which previews the split) through
 * `onClick`. Its accessible name says which identifier, as a table has several.
 */
export function DoesNotLinkButton({ display, onClick, testId }: { display: string; onClick: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Button size="xs" color="red.9" variant="outline" aria-label={t('networks.doesNotLinkNamed', { value: display })} onClick={onClick} data-testid={testId}>
      {t('networks.doesNotLink')}
    </Button>
  );
}
