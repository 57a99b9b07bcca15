import { Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { isolateBidi } from '../lib/bidi';

interface Props {
  title: string;
  description?: string;
  /** Below the description: e.g. a record's full id with a copy button. */
  meta?: ReactNode;
  actions?: ReactNode;
}

/**
 * The page's single h1, and the document title to match. A title or description may hold an identifier
 * with no break opportunity (a wallet address, a URL): it wraps anywhere rather than widening the page
 * past a phone's screen.
 */
export function PageHeader({ title, description, meta, actions }: Props) {
  useEffect(() => {
    // The tab's title is one plain string: a right-to-left override in a record's name must end before " · GPOS".
    document.title = `${isolateBidi(title)} · GPOS`;
  }, [title]);
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap" gap="md">
      <Stack gap={4} style={{ minWidth: 0, maxWidth: '100%' }}>
        {/* tabIndex -1: focus comes here after a navigation (RouteFocus), never by Tab; as wide as its text, so is its outline. */}
        <Title order={1} size="h2" className="break-all" tabIndex={-1} w="fit-content" maw="100%">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" className="break-all">
            {description}
          </Text>
        )}
        {meta}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
