import { Alert, Button, Card, Checkbox, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, MISP_LIMITS, STIX_LIMITS } from '@gpos/contracts';
import { ApiError } from '../../api/client';
import { useImportFile, type ImportOutcome } from '../../api/interop-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { intlLocale } from '../../i18n/locale-tag';
import { detectText, formatBytes, IMPORT_BODY_LIMITS, type Detected } from '../../features/interop/detect';
import { FileDropZone } from '../../features/interop/FileDropZone';
import { MispImportResultView } from '../../features/interop/MispImportResult';
import { StixImportResultView } from '../../features/interop/StixImportResult';
import { UserText } from '../../components/UserText';

interface Chosen {
  file: File;
  detected: Detected;
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const tag = intlLocale(i18n.language);
  const nf = new Intl.NumberFormat(tag);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [partial, setPartial] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const importFile = useImportFile();

  const choose = async (file: File) => {
    importFile.reset();
    setOutcome(null);
    setChosen(null);
    setFileError(null);
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setFileError(t('interop.import.readError', { name: file.name, message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const detected = detectText(text);
    if (!detected.ok) {
      setFileError(
        detected.failure.kind === 'not_json'
          ? // The parser's message is the browser's own English: said only to an English reader.
            i18n.resolvedLanguage === 'en'
            ? t('interop.import.notJson', { name: file.name, message: detected.failure.message })
            : t('interop.import.notJsonUnsaid', { name: file.name })
          : t('interop.import.unknownFormat', { name: file.name, topLevel: detected.failure.topLevel }),
      );
      return;
    }
    setChosen({ file, detected: detected.detected });
  };

  const run = (withPartial: boolean) => {
    if (!chosen) return;
    setOutcome(null);
    importFile.mutate({ format: chosen.detected.format, file: chosen.file, partial: withPartial }, { onSuccess: setOutcome });
  };

  const startOver = () => {
    setChosen(null);
    setOutcome(null);
    setFileError(null);
    importFile.reset();
  };

  const error = importFile.error;
  // An all-or-nothing STIX import refused for its rejected objects: offer the valid part at once.
  const canRetryPartial = chosen?.detected.format === 'stix' && error instanceof ApiError && error.code === 'validation_failed' && !partial;
  const limit = chosen ? IMPORT_BODY_LIMITS[chosen.detected.format] : 0;
  const tooLarge = chosen !== null && chosen.file.size > limit;

  return (
    <>
      <PageHeader title={t('interop.import.title')} description={t('interop.import.description')} />
      <Stack gap="lg">
        <FileDropZone
          title={t('interop.import.dropTitle')}
          chooseLabel={t('interop.import.chooseFile')}
          hint={t('interop.import.hint', {
            stixSize: formatBytes(STIX_LIMITS.bundleBytes, tag),
            stixObjects: nf.format(STIX_LIMITS.bundleObjects),
            mispSize: formatBytes(LIMITS.requestBodyBytes, tag),
            mispEvents: nf.format(MISP_LIMITS.eventsPerRequest),
          })}
          accept=".json,application/json,application/stix+json"
          disabled={importFile.isPending}
          onFile={(file) => void choose(file)}
          testId="interop-dropzone"
        />

        {fileError && (
          <Alert color="red" variant="light" role="alert" title={t('interop.import.cannotRead')} data-testid="interop-file-error">
            <Text size="sm" className="break-all">
              {fileError}
            </Text>
          </Alert>
        )}

        {chosen && (
          <Card withBorder radius="md" data-testid="interop-file">
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
                <Stack gap={2}>
                  <Text fw={700} className="break-all">
                    <UserText>{chosen.file.name}</UserText>
                  </Text>
                  <Text size="sm">
                    <strong>{t('interop.import.detected')}</strong>{' '}
                    <span data-testid="interop-detected">{t(`interop.formats.${chosen.detected.format}`)}</span>
                    {' · '}
                    {formatBytes(chosen.file.size, tag)}
                  </Text>
                  <Text size="sm" data-testid="interop-preview">
                    {chosen.detected.format === 'stix'
                      ? t('interop.import.stixPreview', { count: chosen.detected.objects })
                      : t('interop.import.mispPreview', {
                          count: chosen.detected.events,
                          attributes: t('interop.import.mispAttributes', { count: chosen.detected.attributes }),
                          objects: t('interop.import.mispObjects', { count: chosen.detected.objects }),
                        })}
                  </Text>
                  {chosen.detected.format === 'stix' && chosen.detected.byType.length > 0 && (
                    <Text size="xs" c="gray.7" className="break-all">
                      {chosen.detected.byType
                        .slice(0, 12)
                        .map(([type, n]) => `${type} ${nf.format(n)}`)
                        .join(' · ')}
                    </Text>
                  )}
                </Stack>
                <Group gap="sm">
                  <Button variant="default" onClick={startOver} disabled={importFile.isPending}>
                    {t('interop.import.startOver')}
                  </Button>
                  <Button onClick={() => run(partial)} loading={importFile.isPending} data-testid="interop-import">
                    {outcome ? t('interop.import.importAgain') : t('interop.import.import')}
                  </Button>
                </Group>
              </Group>
              {chosen.detected.format === 'stix' && (
                <Checkbox
                  checked={partial}
                  onChange={(e) => setPartial(e.currentTarget.checked)}
                  label={t('interop.import.partial')}
                  description={t('interop.import.partialHelp')}
                  data-testid="interop-partial"
                />
              )}
              {tooLarge && (
                <Alert color="yellow" variant="light" data-testid="interop-too-large">
                  {t(chosen.detected.format === 'stix' ? 'interop.import.tooLargeStix' : 'interop.import.tooLargeMisp', {
                    size: formatBytes(chosen.file.size, tag),
                    limit: formatBytes(limit, tag),
                  })}
                </Alert>
              )}
            </Stack>
          </Card>
        )}

        {error && (
          <Stack gap="xs" data-testid="interop-error">
            <ErrorAlert error={error} />
            {error instanceof ApiError && error.status === 413 && (
              <Text size="sm">{t(chosen?.detected.format === 'stix' ? 'interop.import.largeStixAdvice' : 'interop.import.largeMispAdvice')}</Text>
            )}
            {canRetryPartial && (
              <Group>
                <Button variant="default" onClick={() => {
                    setPartial(true);
                    run(true);
                  }}
                  data-testid="interop-retry-partial">
                  {t('interop.import.retryPartial')}
                </Button>
              </Group>
            )}
          </Stack>
        )}

        {outcome && (
          <section aria-labelledby="interop-result">
            <Title order={2} size="h4" id="interop-result" mb="sm">
              {t('interop.import.resultTitle')}
            </Title>
            {outcome.format === 'stix' ? (
              <StixImportResultView result={outcome.result} labels={chosen?.detected.format === 'stix' ? chosen.detected.labels : undefined} />
            ) : (
              <MispImportResultView result={outcome.result} />
            )}
          </section>
        )}

        <section aria-labelledby="interop-about">
          <Title order={2} size="h4" id="interop-about" mb="xs">
            {t('interop.import.aboutTitle')}
          </Title>
          <Stack gap="xs">
            <Text size="sm">{t('interop.import.aboutStix')}</Text>
            <Text size="sm">{t('interop.import.aboutMisp')}</Text>
            <Text size="sm">
              {t('interop.import.aboutCli')} <Code>gpos import bundle.json --org …</Code> · <Code>gpos misp import events.json --org …</Code>
            </Text>
          </Stack>
        </section>
      </Stack>
    </>
  );
}
