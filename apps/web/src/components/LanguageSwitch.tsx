import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '@gpos/contracts';
import { useMe, useUpdateMe } from '../api/session-queries';
import { setPendingLocale } from '../auth/session';
import { applyLocale, currentLocale, isLocale } from '../i18n';
import { errorMessage } from '../lib/errors';

/** Each language is named in itself, so anyone can find theirs. */
const NATIVE_NAMES: Record<Locale, string> = { en: 'English', th: 'ไทย' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const labelId = useId();
  const me = useMe();
  const updateMe = useUpdateMe();
  const value = isLocale(i18n.language) ? i18n.language : currentLocale();

  const change = (next: string) => {
    if (!isLocale(next) || next === value) return;
    applyLocale(next);
    if (me.data?.user) {
      updateMe.mutate(
        { locale: next },
        { onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }) },
      );
    } else {
      setPendingLocale(next);
    }
  };

  return (
    <div>
      <VisuallyHidden id={labelId}>{t('language.label')}</VisuallyHidden>
      <SegmentedControl
        aria-labelledby={labelId}
        size="xs"
        value={value}
        onChange={change}
        data={LOCALES.map((code) => ({
          value: code,
          label: <span lang={code}>{NATIVE_NAMES[code]}</span>,
        }))}
        data-testid="language-switch"
      />
    </div>
  );
}
