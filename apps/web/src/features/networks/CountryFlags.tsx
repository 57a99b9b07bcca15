import { Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../i18n/countries';
import { flagEmoji } from './flags';

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
            {/* The code next to the flag: not every system has a font that draws flags (Windows shows letters). */}
            <span role="img" aria-label={name} title={name} data-country={code} style={{ whiteSpace: 'nowrap', lineHeight: 1.2 }}>
              <span style={{ fontSize: '1.05rem' }}>{flagEmoji(code)}</span>
              <span style={{ fontSize: '0.7rem', fontFamily: 'monospace', marginInlineStart: 2 }}>{code}</span>
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
