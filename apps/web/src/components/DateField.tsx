import { TextInput, type TextInputProps } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { readDateInput, type DateInputKind, type DateInputReading } from '../lib/format';

type Props = Omit<TextInputProps, 'type' | 'value' | 'onChange' | 'description'> & {
  kind: DateInputKind;
  /** The input's own value: `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, Gregorian, as the browser gives it. */
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
};

/** The line said beneath a date input for what it holds, in the UI's language and calendar. */
export function dateReadingText(t: TFunction, reading: DateInputReading): string | null {
  switch (reading.kind) {
    case 'empty':
      return reading.years ? t('dates.yearsHint', { gregorian: reading.years.gregorian, local: reading.years.local }) : null;
    case 'date':
      return reading.gregorianYear === null ? t('dates.selected', { date: reading.text }) : t('dates.selectedWithGregorian', { date: reading.text, gregorian: reading.gregorianYear });
    case 'calendarMismatch':
      return t('dates.calendarMismatch', { typed: reading.typed, local: reading.local, suggested: reading.suggested });
  }
}

/**
 * A native date (or date-and-time) input with, beneath it, the chosen date said as every list says dates.
 * The input's value is ISO and Gregorian, and browsers draw it in their own locale and calendar, which
 * the app cannot change; in Thai the lists count Buddhist-era years (2569 for 2026). So the line beneath
 * says "30 พ.ย. 2569 14:30 (ค.ศ. 2026)": both years, whatever the picker shows. A Buddhist-era year typed
 * into a Gregorian picker (2569) is called out with the year to enter instead.
 */
export function DateField({ kind, value, onChange, description, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const reading = readDateInput(value, kind, i18n.language);
  const note = dateReadingText(t, reading);
  const mismatch = reading.kind === 'calendarMismatch';
  return (
    <TextInput
      // The read-back goes beneath the input, so the input lines up with its neighbours in a filter row.
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      {...rest}
      type={kind}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      description={
        description || note ? (
          <>
            {description && <span style={{ display: 'block' }}>{description}</span>}
            {note && (
              <span
                data-testid="date-reading"
                data-reading={reading.kind}
                aria-live="polite"
                style={{ display: 'block', ...(mismatch ? { color: 'var(--mantine-color-yellow-light-color)', fontWeight: 600 } : {}) }}
              >
                {note}
              </span>
            )}
          </>
        ) : undefined
      }
    />
  );
}
