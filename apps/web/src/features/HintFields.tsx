/**
 * The hints an identifier may need besides its value, as the report form's identifier row and Lookup both
 * ask for them: the country of a number written the national way, and a bank account's bank code.
 */
import { Select, TextInput, type MantineStyleProp } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { countryOptions } from '../i18n/countries';

/** The server's longest bank code (`rawIndicatorSchema.bankCode`). */
export const BANK_CODE_MAX = 64;

interface CountryProps {
  /** '' for none: the caller's organisation's country applies. */
  value: string;
  onChange: (country: string) => void;
  label?: string;
  description?: string;
  placeholder?: string;
  error?: string | boolean;
  w?: number;
  style?: MantineStyleProp;
  testId?: string;
}

/** A country of the list the server validates with, searchable, clearable back to "none". */
export function CountryHintField({ value, onChange, label, description, placeholder, error, w, style, testId }: CountryProps) {
  const { t, i18n } = useTranslation();
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  return (
    <Select
      label={label ?? t('reportForm.country')}
      description={description}
      placeholder={placeholder}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      data={countries}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage={t('common.nothingFound')}
      error={error}
      w={w}
      style={style}
      data-testid={testId}
    />
  );
}

interface BankCodeProps {
  value: string;
  onChange: (bankCode: string) => void;
  description?: string;
  error?: string | boolean;
  w?: number;
  testId?: string;
}

export function BankCodeField({ value, onChange, description, error, w, testId }: BankCodeProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('reportForm.bankCode')}
      description={description}
      maxLength={BANK_CODE_MAX}
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      w={w}
      data-testid={testId}
    />
  );
}
