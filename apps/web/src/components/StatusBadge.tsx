import { Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const DOT_COLOURS = { green: 'green.7', gray: 'gray.6', red: 'red.7', orange: 'orange.6', blue: 'blue.7', outline: 'white' } as const;
export type DotColour = keyof typeof DOT_COLOURS;

/**
 * A coloured dot and a word. (Mantine's Badge sizes its label by the narrowest line break, which for
 * Thai — where words break inside a phrase — cuts the text off.) `wraps`: a long label (a sentence, not a
 * word) may take several lines, the dot beside its first.
 */
export function StateLabel({ label, colour, testId, wraps = false }: { label: ReactNode; colour: DotColour; testId?: string; wraps?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap" align={wraps ? 'baseline' : undefined} className={wraps ? undefined : 'nowrap'} data-testid={testId}>
      <Box
        w={8}
        h={8}
        bg={DOT_COLOURS[colour]}
        style={{ borderRadius: '50%', flexShrink: 0, border: colour === 'outline' ? '1px solid var(--mantine-color-gray-7)' : undefined }}
        aria-hidden="true"
      />
      <Text size="sm" span>
        {label}
      </Text>
    </Group>
  );
}

export function StatusBadge({ status }: { status: 'active' | 'suspended' }) {
  const { t } = useTranslation();
  return <StateLabel label={t(`status.${status}`)} colour={status === 'active' ? 'green' : 'gray'} />;
}
