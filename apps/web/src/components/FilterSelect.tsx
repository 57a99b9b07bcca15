import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A list filter's drop-down: empty means "all", it can be cleared (with a named clear button), and a
 * searchable one says when nothing matches what was typed.
 */
export function FilterSelect(props: SelectProps) {
  const { t } = useTranslation();
  return (
    <Select
      placeholder={t('common.all')}
      clearable
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      nothingFoundMessage={props.searchable ? t('common.nothingFound') : undefined}
      {...props}
    />
  );
}
