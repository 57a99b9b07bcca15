import { Alert, Button, Card, Code, FileButton, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { networkFailure, postForStream, unreadableResponse } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { TableScroll } from '../components/TableScroll';
import { intlLocale } from '../i18n/locale-tag';
import {
  BULK_CONTENT_TYPES,
  BULK_CSV_COLUMNS,
  bulkErrorMessage,
  bulkErrorText,
  countDataRecords,
  detectBulkFormat,
  identifierOfPath,
  LineBuffer,
  parseBulkMessage,
  recordIndex,
  rejectedLinesFile,
  splitRecords,
  type BulkFormat,
  type BulkLineResult,
  type BulkSummary,
  type SourceRecord,
} from '../lib/bulk';
import { normaliseFieldLabel } from '../lib/normalise-error';

interface Chosen {
  file: File;
  format: BulkFormat;
  records: SourceRecord[];
  dataRecords: number;
}

interface Progressing {
  processed: number;
  accepted: number;
  duplicates: number;
  rejected: BulkLineResult[];
  firstAccepted: string | null;
  summary: BulkSummary | null;
  running: boolean;
  cancelled: boolean;
}

const EMPTY_PROGRESS: Progressing = { processed: 0, accepted: 0, duplicates: 0, rejected: [], firstAccepted: null, summary: null, running: false, cancelled: false };

function formatBytes(bytes: number, locale: string): string {
  const nf = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${nf.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1024 / 1024)} MB`;
}

function download(name: string, mimeType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const NDJSON_EXAMPLE =
  '{"scamType":"investment","channel":"messaging_app","victimCountry":"TH","occurredAt":"2026-01-31T10:00:00Z","loss":{"amount":1500000,"currency":"THB"},"indicators":[{"value":"081-234-5678","role":"contact"}]}';
const CSV_EXAMPLE = `${BULK_CSV_COLUMNS.join(',')}\ninvestment,messaging_app,TH,2026-01-31T10:00:00Z,15000.00,THB,"Met on LINE",th,70,CASE-1,,AMBER,phone:+66812345678;bank_account:TH:BKKBTHBK:1234567890`;

export function BulkUploadPage() {
  const { t, i18n } = useTranslation();
  // "Identifier 2 (bank code)" for a refusal inside a report's identifiers; other paths name a column or
  // field of the file as it is written, which its author needs verbatim.
  const bulkPathLabel = (path: string) => {
    const identifier = identifierOfPath(path);
    if (!identifier) return path;
    // The value is the identifier itself ("Identifier 2", not "Identifier 2 (identifier)").
    return identifier.field && identifier.field !== 'value'
      ? t('bulk.identifierField', { number: identifier.number, field: normaliseFieldLabel(i18n, identifier.field) })
      : t('bulk.identifier', { number: identifier.number });
  };
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progressing>(EMPTY_PROGRESS);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const resetRef = useRef<() => void>(null);

  const choose = async (file: File | null) => {
    setProgress(EMPTY_PROGRESS);
    setUploadError(null);
    if (!file) return;
    const content = await file.text();
    const format = detectBulkFormat(file.name, content.slice(0, 200));
    if (!format) {
      setChosen(null);
      setFileError(t('bulk.emptyFile', { name: file.name }));
      return;
    }
    const records = splitRecords(content, format);
    setFileError(null);
    setChosen({ file, format, records, dataRecords: countDataRecords(records, format) });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  };

  const upload = async () => {
    if (!chosen) return;
    const controller = new AbortController();
    abort.current = controller;
    setUploadError(null);
    let state: Progressing = { ...EMPTY_PROGRESS, running: true };
    setProgress(state);
    try {
      const response = await postForStream('/reports/bulk', chosen.file, BULK_CONTENT_TYPES[chosen.format], controller.signal);
      const reader = response.body?.getReader();
      if (!reader) throw unreadableResponse(response.status);
      const decoder = new TextDecoder();
      const buffer = new LineBuffer();
      const apply = (lines: string[]) => {
        if (lines.length === 0) return;
        const next = { ...state, rejected: [...state.rejected] };
        for (const line of lines) {
          const message = parseBulkMessage(line);
          if (message.kind === 'line') {
            next.processed += 1;
            if (message.result.status === 'accepted') {
              next.accepted += 1;
              next.firstAccepted ??= message.result.reportId;
            } else if (message.result.status === 'duplicate') next.duplicates += 1;
            else next.rejected.push(message.result);
          } else if (message.kind === 'summary') {
            next.summary = message.summary;
          }
        }
        state = next;
        setProgress(next);
      };
      for (;;) {
        // A connection lost mid-answer rejects the read ("network error"): said as any network failure.
        const { done, value } = await reader.read().catch((cause: unknown) => {
          throw networkFailure(cause);
        });
        if (done) break;
        apply(buffer.push(decoder.decode(value, { stream: true })));
      }
      apply(buffer.push(decoder.decode()));
      apply(buffer.flush());
      state = { ...state, running: false };
      setProgress(state);
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      if (!cancelled) setUploadError(error);
      state = { ...state, running: false, cancelled };
      setProgress(state);
    } finally {
      abort.current = null;
    }
  };

  const total = chosen?.dataRecords ?? 0;
  const processed = progress.summary ? progress.summary.lines : progress.processed;
  const percent = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : progress.summary ? 100 : 0;
  const byLine = chosen ? recordIndex(chosen.records) : new Map<number, SourceRecord>();
  const started = progress.running || progress.processed > 0 || progress.summary !== null;

  const downloadRejected = () => {
    if (!chosen) return;
    const file = rejectedLinesFile(chosen.format, chosen.records, progress.rejected, chosen.file.name);
    download(file.fileName, file.mimeType, file.content);
  };

  const startOver = () => {
    setChosen(null);
    setProgress(EMPTY_PROGRESS);
    setUploadError(null);
    resetRef.current?.();
  };

  return (
    <>
      <PageHeader title={t('bulk.title')} description={t('bulk.description')} />
      <Stack gap="lg">
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="bulk-dropzone"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-7' : 'gray-5'})`,
            borderRadius: 8,
            padding: '1.5rem',
            background: dragging ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-0)',
          }}
        >
          <Stack align="center" gap="xs">
            <Text fw={600}>{t('bulk.dropHere')}</Text>
            <Text size="sm">{t('bulk.formats')}</Text>
            <FileButton onChange={(f) => void choose(f)} accept=".ndjson,.jsonl,.json,.csv,application/x-ndjson,text/csv" resetRef={resetRef}>
              {(props) => (
                <Button {...props} variant="default" disabled={progress.running} data-testid="bulk-choose">
                  {t('bulk.chooseFile')}
                </Button>
              )}
            </FileButton>
          </Stack>
        </div>
        {fileError && (
          <Alert color="red" variant="light" role="alert">
            {fileError}
          </Alert>
        )}

        {chosen && (
          <Card withBorder radius="md" data-testid="bulk-file">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Stack gap={2}>
                <Text fw={700} className="break-all">
                  {chosen.file.name}
                </Text>
                <Text size="sm">
                  {t('bulk.fileInfo', {
                    size: formatBytes(chosen.file.size, i18n.language),
                    format: chosen.format === 'csv' ? 'CSV' : 'NDJSON',
                    count: chosen.dataRecords,
                  })}
                </Text>
              </Stack>
              <Group gap="sm">
                {progress.running ? (
                  <Button variant="default" onClick={() => abort.current?.abort()}>
                    {t('common.cancel')}
                  </Button>
                ) : (
                  <>
                    <Button variant="default" onClick={startOver}>
                      {t('bulk.startOver')}
                    </Button>
                    <Button onClick={() => void upload()} disabled={chosen.dataRecords === 0} data-testid="bulk-upload">
                      {started ? t('bulk.uploadAgain') : t('bulk.upload')}
                    </Button>
                  </>
                )}
              </Group>
            </Group>
          </Card>
        )}

        <ErrorAlert error={uploadError} />

        {started && chosen && (
          <section>
            <Title order={2} size="h4" id="bulk-progress" mb="xs">
              {t('bulk.progress')}
            </Title>
            <Progress value={percent} size="lg" animated={progress.running} aria-label={t('bulk.progressLabel')} data-testid="bulk-progress" />
            <Text size="sm" mt="xs" role="status" data-testid="bulk-processed">
              {progress.running
                ? t('bulk.processing', { processed, total, size: formatBytes(chosen.file.size, i18n.language) })
                : progress.cancelled
                  ? t('bulk.cancelled', { processed, total })
                  : progress.summary
                    ? t('bulk.done', { processed: progress.summary.lines, seconds: progress.summary.seconds.toFixed(1) })
                    : t('bulk.ended', { processed, total })}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mt="sm">
              <CountCard label={t('bulk.accepted')} value={progress.summary?.accepted ?? progress.accepted} testId="bulk-accepted" />
              <CountCard label={t('bulk.duplicates')} value={progress.summary?.duplicates ?? progress.duplicates} testId="bulk-duplicates" />
              <CountCard label={t('bulk.rejected')} value={progress.summary?.rejected ?? progress.rejected.length} testId="bulk-rejected" />
            </SimpleGrid>
            {!progress.running && progress.firstAccepted && (
              <Text size="sm" mt="sm">
                <Link to="/reports">{t('bulk.seeReports')}</Link>
              </Text>
            )}
          </section>
        )}

        {progress.rejected.length > 0 && chosen && (
          <section>
            <Group justify="space-between" mb="xs" wrap="wrap">
              <Title order={2} size="h4" id="bulk-rejected-lines">
                {t('bulk.rejectedLines')}
              </Title>
              <Button variant="default" onClick={downloadRejected} disabled={progress.running} data-testid="bulk-download-rejected">
                {t('bulk.downloadRejected')}
              </Button>
            </Group>
            <TableScroll label={t('bulk.rejectedLines')} minWidth={720}>
              <Table verticalSpacing="xs" striped aria-labelledby="bulk-rejected-lines" data-testid="bulk-rejected-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('bulk.line')}</Table.Th>
                    <Table.Th scope="col">{t('bulk.errors')}</Table.Th>
                    <Table.Th scope="col">{t('bulk.content')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {progress.rejected.map((r) => (
                    <Table.Tr key={r.line} data-testid="bulk-rejected-row">
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td>
                        <ul style={{ margin: 0, paddingInlineStart: '1.1em' }}>
                          {r.errors.length === 0 && <li>{t('bulk.noReason')}</li>}
                          {r.errors.map((e, i) => (
                            <li key={i}>
                              <Text size="sm" span className="break-all">
                                {bulkErrorText([{ path: bulkPathLabel(e.path), message: bulkErrorMessage(i18n, e) }])}
                              </Text>
                            </li>
                          ))}
                        </ul>
                      </Table.Td>
                      <Table.Td maw={420}>
                        <Text size="xs" ff="monospace" lineClamp={2} className="break-all">
                          {byLine.get(r.line)?.text ?? ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          </section>
        )}

        <section>
          <Title order={2} size="h4" id="bulk-format" mb="xs">
            {t('bulk.formatTitle')}
          </Title>
          <Text size="sm" mb="sm">
            {t('bulk.ndjsonExplain')}
          </Text>
          <Code block mb="md" className="break-all" style={{ whiteSpace: 'pre-wrap' }}>
            {NDJSON_EXAMPLE}
          </Code>
          <Text size="sm" mb="sm">
            {t('bulk.csvExplain')}
          </Text>
          <TableScroll label={t('bulk.columns')} minWidth={640}>
            <Table verticalSpacing={4} striped aria-label={t('bulk.columns')} data-testid="bulk-columns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('bulk.column')}</Table.Th>
                  <Table.Th scope="col">{t('bulk.required')}</Table.Th>
                  <Table.Th scope="col">{t('bulk.meaning')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {BULK_CSV_COLUMNS.map((column) => (
                  <Table.Tr key={column}>
                    <Table.Td>
                      <Code>{column}</Code>
                    </Table.Td>
                    <Table.Td>{['scamType', 'channel', 'victimCountry', 'occurredAt', 'indicators'].includes(column) ? t('bulk.yes') : t('bulk.no')}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`bulk.columnHelp.${column}`)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          <Text size="sm" mt="sm" mb={4}>
            {t('bulk.csvExample')}
          </Text>
          <Code block className="break-all" style={{ whiteSpace: 'pre-wrap' }}>
            {CSV_EXAMPLE}
          </Code>
          <Text size="sm" mt="sm">
            {t('bulk.duplicatesExplain')}
          </Text>
        </section>
      </Stack>
    </>
  );
}

function CountCard({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" fw={700} tt="uppercase" c="gray.7">
        {label}
      </Text>
      <Text fz="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}
