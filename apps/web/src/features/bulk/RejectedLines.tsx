import { Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { TableScroll } from '../../components/TableScroll';
import type { BulkFormat, BulkLineResult, SourceRecord } from '../../lib/bulk';
import { bulkErrorLine } from '../../lib/bulk-errors';
import { shownRejected } from '../../lib/bulk-shown';

interface Props {
  rejected: BulkLineResult[];
  byLine: Map<number, SourceRecord>;
  format: BulkFormat;
  running: boolean;
  onDownload: () => void;
}

/**
 * The rejected lines: each line's number, its errors as a person reads them, and its content. A table on
 * wide screens; on a phone a list whose items put the errors right under the line number and the content
 * after them, so the reason — the one thing that matters — is never behind a sideways scroll.
 */
export function RejectedLines({ rejected, byLine, format, running, onDownload }: Props) {
  const { t, i18n } = useTranslation();
  // Mantine's `sm` breakpoint (48em), as the app shell's phone layout; read at once, not after a first paint.
  const narrow = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false }) ?? false;

  const errors = (r: BulkLineResult) => (
    <ul style={{ margin: 0, paddingInlineStart: '1.1em' }}>
      {r.errors.length === 0 && <li>{t('bulk.noReason')}</li>}
      {r.errors.map((e, i) => (
        <li key={i}>
          <Text size="sm" span style={{ overflowWrap: 'anywhere' }}>
            {bulkErrorLine(i18n, e, format)}
          </Text>
        </li>
      ))}
    </ul>
  );

  // The first lines only: listing every one of a file rejected whole froze the page (bulk-shown.ts).
  const { shown, more } = shownRejected(rejected);

  return (
    <section>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id="bulk-rejected-lines">
          {t('bulk.rejectedLines')}
        </Title>
        <Button variant="default" onClick={onDownload} disabled={running} data-testid="bulk-download-rejected">
          {t('bulk.downloadRejected')}
        </Button>
      </Group>
      {more > 0 && (
        <Text size="sm" mb="xs" data-testid="bulk-rejected-more">
          {t('bulk.rejectedMore', { shown: shown.length, total: shown.length + more })}
        </Text>
      )}
      {narrow ? (
        <Stack component="ul" gap="xs" aria-labelledby="bulk-rejected-lines" data-testid="bulk-rejected-table" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {shown.map((r) => (
            <Paper component="li" key={r.line} withBorder radius="md" p="sm" data-testid="bulk-rejected-row">
              <Text size="sm" fw={700} mb={4}>
                {t('bulk.lineNumber', { line: r.line })}
              </Text>
              {errors(r)}
              {/* The padding is the box's: inside the clamped text, it would show a fourth line cut in half. */}
              <Box mt="xs" p={6} bg="gray.0" style={{ borderRadius: 4 }}>
                <Text size="xs" ff="monospace" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
                  {byLine.get(r.line)?.text ?? ''}
                </Text>
              </Box>
            </Paper>
          ))}
        </Stack>
      ) : (
        <TableScroll label={t('bulk.rejectedLines')} minWidth={640}>
          <Table verticalSpacing="xs" striped aria-labelledby="bulk-rejected-lines" data-testid="bulk-rejected-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('bulk.line')}</Table.Th>
                <Table.Th scope="col">{t('bulk.errors')}</Table.Th>
                <Table.Th scope="col">{t('bulk.content')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <Table.Tr key={r.line} data-testid="bulk-rejected-row">
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>{errors(r)}</Table.Td>
                  <Table.Td maw={380}>
                    <Text size="xs" ff="monospace" lineClamp={2} className="break-all">
                      {byLine.get(r.line)?.text ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </section>
  );
}
