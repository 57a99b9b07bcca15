import { Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const DOT_COLOURS = { green: 'green.7', gray: 'gray.6', red: 'red.7' } as const;

/**
 * A coloured dot and a word. (Mantine's Badge sizes its label by the narrowest line break, which for
 * Thai — where words break inside a phrase — cuts the text off.)
 */
export function StateLabel({ label, colour }: { label: string; colour: keyof typeof DOT_COLOURS }) {
  return (
    <Group gap={6} wrap="nowrap" className="nowrap">
      <Box w={8} h={8} bg={DOT_COLOURS[colour]} style={{ borderRadius: '50%', flexShrink: 0 }} aria-hidden="true" />
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
