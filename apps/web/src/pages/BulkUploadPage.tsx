import { Alert, Anchor, Button, Card, Code, Group, List, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { TableScroll } from '../components/TableScroll';
import { RejectedLines } from '../features/bulk/RejectedLines';
import { findUpload, readUploads, rememberUpload } from '../features/bulk/upload-memory';
import { intlLocale } from '../i18n/locale-tag';
import {
  BULK_CSV_COLUMNS,
  BULK_CSV_REQUIRED,
  checkCsvHeader,
  contentHash,
  countDataRecords,
  csvHeaderOk,
  detectBulkFormat,
  keyCoverage,
  recordIndex,
  recordKeys,
  rejectedLinesFile,
  sniffNotText,
  splitRecords,
  type BulkFormat,
  type BulkLineResult,
  type BulkSummary,
  type CsvHeaderCheck,
  type SourceRecord,
} from '../lib/bulk';
import { bulkErrorLine } from '../lib/bulk-errors';
import { fieldErrorText } from '../lib/errors';
import type { BulkStop } from '../lib/bulk';
import { shownSeconds } from '../lib/bulk-shown';
import { partsToWaitFor, planBulkParts, type BulkPlan } from '../lib/bulk-parts';
import { sendBulkParts, sendPartOf } from '../lib/bulk-pipeline';
import { formatDateTime } from '../lib/format';
import { UserText } from '../components/UserText';

interface Chosen {
  file: File;
  format: BulkFormat;
  records: SourceRecord[];
  dataRecords: number;
  /** Content hash (see contentHash): with the name and size, how the very same file is known again. */
  hash: string;
  /** How many of its reports have no idempotency key (the server derives theirs from their lines). */
  keys: { lines: number; withoutKey: number; hasKeyField: boolean };
  /** The parts it is sent in (see bulk-parts.ts), and the earlier part each waits for (partsToWaitFor). */
  plan: BulkPlan;
  waitFor: number[];
}

/** Why a file is refused before anything is sent: said once, for the whole file. */
type Refusal =
  | { name: string; kind: 'empty' | 'spreadsheet' | 'utf16' | 'noRows' }
  | { name: string; kind: 'header'; check: CsvHeaderCheck };

interface Progressing {
  processed: number;
  accepted: number;
  duplicates: number;
  rejected: BulkLineResult[];
  firstAccepted: string | null;
  summary: BulkSummary | null;
  running: boolean;
  cancelled: boolean;
  /** The id this upload's reports are tagged with (one per upload), to list them afterwards. */
  uploadId: string | null;
}

const EMPTY_PROGRESS: Progressing = { processed: 0, accepted: 0, duplicates: 0, rejected: [], firstAccepted: null, summary: null, running: false, cancelled: false, uploadId: null };

/** How often the progress of an upload is drawn while its results come in (ms). */
const PROGRESS_MS = 100;

/** Bytes looked at to tell a spreadsheet or other binary file from text. */
const SNIFF_BYTES = 1024;
const UTF8_BOM_TEXT = '\uFEFF';

function formatBytes(bytes: number, locale: string): string {
  const nf = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${nf.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1024 / 1024)} MB`;
}

function download(name: string, mimeType: string, content: string) {
  // A CSV starts with the UTF-8 byte-order mark, or Excel reads its Thai as mojibake (walkthrough, session 59);
  // the page and the server read a file sent back with it as without.
  const parts = mimeType.startsWith('text/csv') ? [UTF8_BOM_TEXT, content] : [content];
  const url = URL.createObjectURL(new Blob(parts, { type: mimeType }));
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
  const me = useSession();
  // Files uploaded in this tab, per user (see upload-memory.ts).
  const memoryOwner = me.user?.id ?? me.apiKey?.id ?? 'anonymous';
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [progress, setProgress] = useState<Progressing>(EMPTY_PROGRESS);
  const [uploadError, setUploadError] = useState<unknown>(null);
  /** The line a server error stopped the upload with (request.upload_stopped), said in the reader's language. */
  const [uploadStop, setUploadStop] = useState<BulkStop | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const progressTimer = useRef<number | null>(null);
  const stopProgressTimer = () => {
    if (progressTimer.current !== null) window.clearTimeout(progressTimer.current);
    progressTimer.current = null;
  };
  useEffect(() => stopProgressTimer, []);
  const input = useRef<HTMLInputElement>(null);
  /** The latest choice: a slower read of an earlier file never replaces it. */
  const choice = useRef(0);

  const choose = async (file: File | null) => {
    if (!file) return;
    const token = (choice.current += 1);
    setProgress(EMPTY_PROGRESS);
    setUploadError(null);
    setChosen(null);
    setRefusal(null);
    const bytes = await file.arrayBuffer();
    if (token !== choice.current) return;
    const refuse = (r: Refusal) => setRefusal(r);
    const notText = sniffNotText(file.name, new Uint8Array(bytes, 0, Math.min(bytes.byteLength, SNIFF_BYTES)));
    if (notText === 'spreadsheet' || notText === 'utf16') return refuse({ name: file.name, kind: notText });
    const content = new TextDecoder().decode(bytes);
    const format = notText === 'binary' || content.trim() === '' ? null : detectBulkFormat(file.name, content.slice(0, 200));
    if (!format) return refuse({ name: file.name, kind: 'empty' });
    const records = splitRecords(content, format);
    if (format === 'csv') {
      const check = checkCsvHeader(records[0]?.text ?? '');
      if (!csvHeaderOk(check)) return refuse({ name: file.name, kind: 'header', check });
    }
    const dataRecords = countDataRecords(records, format);
    if (dataRecords === 0) return refuse({ name: file.name, kind: 'noRows' });
    const hash = await contentHash(bytes);
    if (token !== choice.current) return;
    const keys = recordKeys(records, format);
    const plan = planBulkParts(new Uint8Array(bytes), format);
    setChosen({ file, format, records, dataRecords, hash, keys: keyCoverage(keys), plan, waitFor: partsToWaitFor(plan, keys.keys) });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    // Not while a file is being sent: its results are still coming in (the buttons are disabled too).
    if (progress.running) return;
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  };

  const openPicker = () => input.current?.click();

  const earlierUpload = (c: Chosen) => findUpload(readUploads(memoryOwner), { name: c.file.name, size: c.file.size, hash: c.hash });

  // Sending the very same file again asks nothing: its lines without a key get the keys they got the first
  // time (bulkUploadPath), so it stores nothing twice and says how many lines were stored already.
  const upload = async () => {
    if (!chosen) return;
    // Remembered as soon as it is sent: lines already committed stay committed if it is cancelled or fails.
    rememberUpload(memoryOwner, { name: chosen.file.name, size: chosen.file.size, hash: chosen.hash, at: new Date().toISOString() });
    const controller = new AbortController();
    abort.current = controller;
    setUploadError(null);
    setUploadStop(null);
    // A new id for each upload (the same file sent again is another upload, with its own accepted reports).
    const uploadId = crypto.randomUUID();
    let state: Progressing = { ...EMPTY_PROGRESS, running: true, uploadId };
    setProgress(state);
    // Shown at most every PROGRESS_MS: a render for each piece of an answer (hundreds for a large file) cost
    // the browser about as much time as the server took to store the lines, on the same cores.
    const showSoon = () => {
      if (progressTimer.current !== null) return;
      progressTimer.current = window.setTimeout(() => {
        progressTimer.current = null;
        setProgress(state);
      }, PROGRESS_MS);
    };
    // A large file goes in parts, two requests at a time (bulk-pipeline.ts): a browser reads no answer before
    // it has sent the whole body, so one request showed no progress until then, and a 28 MB one stalled for good.
    const { file, format, plan, waitFor } = chosen;
    try {
      const summary = await sendBulkParts(plan, {
        send: sendPartOf(file, format, plan, uploadId),
        signal: controller.signal,
        waitFor,
        onStopped: setUploadStop,
        onResults: (results) => {
          const next = { ...state, rejected: [...state.rejected] };
          for (const result of results) {
            next.processed += 1;
            if (result.status === 'accepted') {
              next.accepted += 1;
              next.firstAccepted ??= result.reportId;
            } else if (result.status === 'duplicate') next.duplicates += 1;
            else next.rejected.push(result);
          }
          state = next;
          showSoon();
        },
      });
      // Without a summary (an answer ended by a server error), what was answered is what was stored.
      state = { ...state, summary, running: false };
      setProgress(state);
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'AbortError';
      if (!cancelled) setUploadError(error);
      state = { ...state, running: false, cancelled };
      setProgress(state);
    } finally {
      abort.current = null;
      // The end is shown above, at once: a progress still waiting would show an earlier state over it.
      stopProgressTimer();
    }
  };

  const total = chosen?.dataRecords ?? 0;
  const processed = progress.summary ? progress.summary.lines : progress.processed;
  const percent = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : progress.summary ? 100 : 0;
  // Made once per file, not at every render: the page renders as each part's results come in.
  const byLine = useMemo(() => (chosen ? recordIndex(chosen.records) : new Map<number, SourceRecord>()), [chosen]);
  const started = progress.running || progress.processed > 0 || progress.summary !== null;
  const earlier = chosen && !started ? earlierUpload(chosen) : null;

  const downloadRejected = () => {
    if (!chosen) return;
    // CSV: the errors as the page says them, for the person fixing the rows; NDJSON keeps the API's (see rejectedLinesFile).
    const file = rejectedLinesFile(chosen.format, chosen.records, progress.rejected, chosen.file.name, (e) => bulkErrorLine(i18n, e, 'csv'));
    download(file.fileName, file.mimeType, file.content);
  };

  /** The calm line about idempotency keys: how lines without one are known again when this file is re-sent. */
  const keysNote = (c: Chosen): string | null => {
    const { lines, withoutKey, hasKeyField } = c.keys;
    if (withoutKey === 0) return null;
    if (c.format === 'csv' && !hasKeyField) return t('bulk.keys.noColumn');
    if (withoutKey === lines) return t('bulk.keys.noField');
    return t('bulk.keys.some', { count: withoutKey, total: lines });
  };

  return (
    <>
      <PageHeader title={t('bulk.title')} description={t('bulk.description')} />
      <Stack gap="lg">
        <input
          ref={input}
          type="file"
          hidden
          accept=".ndjson,.jsonl,.json,.csv,application/x-ndjson,text/csv"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0] ?? null;
            // Cleared, so that choosing the same file again is a new choice.
            event.currentTarget.value = '';
            void choose(file);
          }}
        />
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
            <Button variant="default" onClick={openPicker} disabled={progress.running} data-testid="bulk-choose">
              {t('bulk.chooseFile')}
            </Button>
          </Stack>
        </div>

        {refusal && <RefusalAlert refusal={refusal} />}

        {chosen && (
          <Card withBorder radius="md" data-testid="bulk-file">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Stack gap={2} style={{ minWidth: 0, flex: '1 1 16rem' }}>
                <Text fw={700} className="break-all">
                  <UserText>{chosen.file.name}</UserText>
                </Text>
                <Text size="sm">
                  {t('bulk.fileInfo', {
                    size: formatBytes(chosen.file.size, i18n.language),
                    format: chosen.format === 'csv' ? 'CSV' : 'NDJSON',
                    count: chosen.dataRecords,
                  })}
                </Text>
                {keysNote(chosen) && (
                  <Text size="sm" c="gray.7" data-testid="bulk-keys-note">
                    {keysNote(chosen)}
                  </Text>
                )}
                {earlier && (
                  <Text size="sm" c="gray.7" data-testid="bulk-uploaded-before">
                    {t('bulk.uploadedBefore', { time: formatDateTime(earlier.at, i18n.language) })}
                  </Text>
                )}
              </Stack>
              <Group gap="sm">
                {progress.running ? (
                  <Button variant="default" onClick={() => abort.current?.abort()}>
                    {t('common.cancel')}
                  </Button>
                ) : started ? (
                  // After a run, the next thing to do is another file; sending this one again is the exception.
                  <>
                    <Button variant="default" onClick={() => void upload()} data-testid="bulk-upload">
                      {t('bulk.uploadAgain')}
                    </Button>
                    <Button onClick={openPicker} data-testid="bulk-choose-another">
                      {t('bulk.startOver')}
                    </Button>
                  </>
                ) : (
                  <>
                    <Button variant="default" onClick={openPicker} data-testid="bulk-choose-another">
                      {t('bulk.startOver')}
                    </Button>
                    <Button onClick={() => void upload()} data-testid="bulk-upload">
                      {t('bulk.upload')}
                    </Button>
                  </>
                )}
              </Group>
            </Group>
          </Card>
        )}

        <ErrorAlert error={uploadError} />
        {uploadStop && (
          <Alert color="red" role="alert" data-testid="bulk-stopped">
            {fieldErrorText(i18n, uploadStop)}
          </Alert>
        )}

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
                    ? doneMessage(t, progress.summary.lines, progress.summary.seconds)
                    : t('bulk.ended', { processed, total })}
            </Text>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mt="sm">
              <CountCard label={t('bulk.accepted')} value={progress.summary?.accepted ?? progress.accepted} testId="bulk-accepted" />
              <CountCard label={t('bulk.duplicates')} value={progress.summary?.duplicates ?? progress.duplicates} testId="bulk-duplicates" />
              <CountCard label={t('bulk.rejected')} value={progress.summary?.rejected ?? progress.rejected.length} testId="bulk-rejected" />
            </SimpleGrid>
            {progress.summary && progress.summary.duplicates > 0 && (
              <Text size="sm" mt="sm" data-testid="bulk-already-stored">
                {t('bulk.alreadyStored', { count: progress.summary.duplicates })}
              </Text>
            )}
            {!progress.running && progress.firstAccepted && (
              <Text size="sm" mt="sm">
                {progress.uploadId ? (
                  <Link to={`/reports?uploadId=${encodeURIComponent(progress.uploadId)}`} data-testid="bulk-upload-reports">
                    {t('uploadReports.seeAccepted', { count: progress.summary?.accepted ?? progress.accepted })}
                  </Link>
                ) : (
                  <Link to="/reports">{t('bulk.seeReports')}</Link>
                )}
              </Text>
            )}
          </section>
        )}

        {progress.rejected.length > 0 && chosen && (
          <RejectedLines rejected={progress.rejected} byLine={byLine} format={chosen.format} running={progress.running} onDownload={downloadRejected} />
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
                    <Table.Td>{(BULK_CSV_REQUIRED as readonly string[]).includes(column) ? t('bulk.yes') : t('bulk.no')}</Table.Td>
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
  const { i18n } = useTranslation();
  return (
    <Card withBorder radius="md" padding="sm">
      <Text size="xs" fw={700} tt="uppercase" c="gray.7">
        {label}
      </Text>
      <Text fz="xl" fw={700} data-testid={testId}>
        {new Intl.NumberFormat(intlLocale(i18n.language)).format(value)}
      </Text>
    </Card>
  );
}

/** A file refused before upload, with what to do about it: said once, for the whole file. */
function RefusalAlert({ refusal }: { refusal: Refusal }) {
  const { t } = useTranslation();
  if (refusal.kind === 'empty') {
    return (
      <Alert color="red" variant="light" role="alert" data-testid="bulk-refused">
        {t('bulk.emptyFile', { name: refusal.name })}
      </Alert>
    );
  }
  const list = (names: string[]) => names.join(', ');
  let body: ReactNode;
  if (refusal.kind !== 'header') body = <Text size="sm">{t(`bulk.refused.${refusal.kind}`)}</Text>;
  else {
    const { delimiter, unknown, missing } = refusal.check;
    body = delimiter ? (
      <Text size="sm">{delimiter === ';' ? t('bulk.refused.semicolon') : t('bulk.refused.tab')}</Text>
    ) : (
      <Stack gap={4}>
        <Text size="sm">{t('bulk.refused.everyLine')}</Text>
        <List size="sm" spacing={2}>
          {unknown.length > 0 && (
            <List.Item>
              {t('bulk.refused.unknownColumns', {
                count: unknown.length,
                columns: list(
                  unknown.map((c) =>
                    c.name === ''
                      ? t('bulk.refused.unnamedColumn', { position: c.position })
                      : c.suggestion
                        ? t('bulk.refused.didYouMean', { name: c.name, column: c.suggestion })
                        : c.name,
                  ),
                ),
              })}
            </List.Item>
          )}
          {missing.length > 0 && <List.Item>{t('bulk.refused.missingColumns', { count: missing.length, columns: list(missing) })}</List.Item>}
        </List>
        <Text size="sm">
          <Anchor
            c="inherit"
            underline="always"
            href="#bulk-format"
            onClick={(event) => {
              event.preventDefault();
              document.getElementById('bulk-format')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
          >
            {t('bulk.refused.seeColumns')}
          </Anchor>
        </Text>
      </Stack>
    );
  }
  return (
    <Alert color="red" variant="light" role="alert" title={t('bulk.refused.title', { name: refusal.name })} data-testid="bulk-refused">
      {body}
    </Alert>
  );
}

/** The summary's line: how many lines, and how long they took when it is a tenth of a second or more. */
function doneMessage(t: TFunction, lines: number, seconds: number): string {
  const shown = shownSeconds(seconds);
  return shown === null ? t('bulk.doneQuick', { count: lines }) : t('bulk.done', { count: lines, seconds: shown });
}
