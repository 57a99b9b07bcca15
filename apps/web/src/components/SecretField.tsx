import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  value: string;
  testId: string;
}

/** A secret shown once, with a copy button. */
export function SecretField({ label, value, testId }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm" id={`${testId}-label`}>
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" align="center">
        <Code
          block
          data-testid={testId}
          aria-labelledby={`${testId}-label`}
          // Focusable, so a keyboard can reach and scroll a long secret (axe: scrollable-region-focusable).
          tabIndex={0}
          className="break-all"
          style={{ flex: 1, fontSize: '0.95rem' }}
        >
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
