import { Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../i18n/countries';
import { flagUrl } from './flags';

/** Flags for ISO codes; each is an image named by the country in the UI language. */
export function CountryFlags({ codes, max = 8 }: { codes: readonly string[]; max?: number }) {
  const { t, i18n } = useTranslation();
  if (codes.length === 0) return <>—</>;
  const shown = codes.slice(0, max);
  const rest = codes.length - shown.length;
  return (
    <Group gap={4} wrap="wrap" data-testid="country-flags">
      {shown.map((code) => {
        const name = countryName(code, i18n.language);
        return (
          <Tooltip key={code} label={name} withArrow openDelay={300}>
            {/* The code next to the flag, for those who do not know every flag by heart. */}
            <span role="img" aria-label={name} title={name} data-country={code} style={{ whiteSpace: 'nowrap', lineHeight: 1.2, display: 'inline-flex', alignItems: 'center' }}>
              {flagUrl(code) && <img src={flagUrl(code)!} alt="" width={20} height={15} style={{ borderRadius: 2, boxShadow: '0 0 0 1px rgba(0,0,0,0.12)' }} />}
              <span style={{ fontSize: '0.7rem', fontFamily: 'var(--mantine-font-family-monospace)', marginInlineStart: 3 }}>{code}</span>
            </span>
          </Tooltip>
        );
      })}
      {rest > 0 && (
        <Text size="xs" c="dimmed" span>
          {t('networks.moreCountries', { count: rest })}
        </Text>
      )}
    </Group>
  );
}
