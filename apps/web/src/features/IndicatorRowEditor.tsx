/**
 * One identifier of the report form: its type, value and role (with the country, bank code, chain or
 * platform the type needs), and the live preview of its canonical form as the server will store it.
 */
import { ActionIcon, Code, Grid, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIMITS, SIGHTING_ROLES, type IndicatorType, type SightingRole } from '@gpos/contracts';
import type { NormaliseResult } from '../api/intel-types';
import { Tag } from '../components/intel';
import {
  accountPlatformOptions,
  appPlatformOptions,
  chainOptions,
  extraFieldsFor,
  indicatorTypeOptions,
  isIndicatorType,
  isOneOf,
  roleOptions,
} from '../lib/intel-options';
import { indicatorFieldId } from './ReportErrorSummary';
import { normalisePreviewError } from '../lib/normalise-error';
import type { IndicatorRow } from '../lib/report-form';
import { BankCodeField, CountryHintField } from './HintFields';
import type { RowPreview } from './useNormalisePreview';
import { usePhoneExample } from './usePhoneExample';

/** The type select's "detect it from the value" choice. */
const AUTO = 'auto';

interface RowProps {
  row: IndicatorRow;
  index: number;
  preview: RowPreview | undefined;
  defaultCountry: string;
  canRemove: boolean;
  onChange: (patch: Partial<IndicatorRow>) => void;
  onRemove: () => void;
  errorFor: (field: string) => string | undefined;
  rowError: string | undefined;
}

export function IndicatorRowEditor({ row, index, preview, defaultCountry, canRemove, onChange, onRemove, errorFor, rowError }: RowProps) {
  const { t } = useTranslation();
  const phoneHint = usePhoneExample(defaultCountry);
  const detected = preview?.result?.indicator?.type ?? null;
  const effectiveType: IndicatorType | null = row.type || detected;
  const extras = extraFieldsFor(effectiveType);
  const number = index + 1;
  const shownErrors = ['type', 'value', 'role', 'country', 'bankCode', 'chain', 'platform'].some((f) => errorFor(f));
  // The field the live preview could not read is marked invalid where it is typed (the preview beside
  // it says why), before any submit: the server's own error, when there is one, is shown instead.
  const previewField = preview?.result && !preview.result.ok ? (preview.result.error?.field ?? 'value') : null;
  const invalid = (field: string) => errorFor(field) ?? (previewField === field ? true : undefined);
  const platformData = effectiveType === 'app' ? appPlatformOptions() : accountPlatformOptions();

  return (
    <Paper withBorder p="sm" radius="md" data-testid={`indicator-row-${index}`} role="group" aria-label={t('reportForm.identifierNumber', { number })}>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('reportForm.type')}
              data={[{ value: AUTO, label: t('reportForm.autoDetect') }, ...indicatorTypeOptions(t)]}
              value={row.type || AUTO}
              onChange={(v) => onChange({ type: isIndicatorType(v) ? v : '' })}
              allowDeselect={false}
              error={invalid('type')}
              data-testid={`indicator-type-${index}`}
            />
            <Select
              label={t('reportForm.role')}
              placeholder={t('reportForm.roleDefault')}
              data={roleOptions(t)}
              value={row.role || null}
              onChange={(v) => onChange({ role: isOneOf(SIGHTING_ROLES, v) ? (v as SightingRole) : '' })}
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              error={errorFor('role')}
            />
          </SimpleGrid>
          <TextInput
            mt="sm"
            label={t('reportForm.value')}
            description={t('reportForm.valueHint', { phone: phoneHint })}
            required
            maxLength={LIMITS.indicatorValue}
            autoComplete="off"
            spellCheck={false}
            value={row.value}
            onChange={(e) => onChange({ value: e.currentTarget.value })}
            error={invalid('value')}
            id={indicatorFieldId(index, 'value')}
            data-field={`indicators.${index}.value`}
            data-testid={`indicator-value-${index}`}
          />
          {extras.length > 0 && (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" mt="sm">
              {extras.includes('country') && (
                <CountryHintField
                  description={t('reportForm.countryHint', { country: defaultCountry })}
                  value={row.country}
                  onChange={(country) => onChange({ country })}
                  error={invalid('country')}
                />
              )}
              {extras.includes('bankCode') && (
                <BankCodeField description={t('reportForm.bankCodeHint')} value={row.bankCode} onChange={(bankCode) => onChange({ bankCode })} error={invalid('bankCode')} />
              )}
              {extras.includes('chain') && (
                <Select
                  label={t('reportForm.chain')}
                  description={t('reportForm.chainHint')}
                  data={chainOptions()}
                  value={row.chain || null}
                  onChange={(v) => onChange({ chain: v ?? '' })}
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  error={invalid('chain')}
                />
              )}
              {extras.includes('platform') && (
                <Select
                  label={t('reportForm.platform')}
                  data={platformData}
                  value={row.platform || null}
                  onChange={(v) => onChange({ platform: v ?? '' })}
                  searchable
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  nothingFoundMessage={t('common.nothingFound')}
                  error={invalid('platform')}
                />
              )}
            </SimpleGrid>
          )}
          {rowError && !shownErrors && (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {rowError}
            </Text>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="xs" h="100%">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={700}>
                {t('reportForm.preview')}
              </Text>
              {canRemove && (
                <ActionIcon
                  variant="default"
                  onClick={onRemove}
                  aria-label={t('reportForm.removeIdentifier', { number })}
                  title={t('reportForm.removeIdentifier', { number })}
                >
                  <span aria-hidden="true">✕</span>
                </ActionIcon>
              )}
            </Group>
            <PreviewBox preview={preview} index={index} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

function PreviewBox({ preview, index }: { preview: RowPreview | undefined; index: number }) {
  const { t, i18n } = useTranslation();
  const result: NormaliseResult | null = preview?.result ?? null;
  let body;
  if (!preview || (!preview.pending && !preview.result && !preview.unavailable)) {
    body = (
      <Text size="sm" c="dimmed">
        {t('reportForm.previewEmpty')}
      </Text>
    );
  } else if (preview.unavailable) {
    body = (
      <Text size="sm" c="dimmed">
        {t('reportForm.previewUnavailable')}
      </Text>
    );
  } else if (preview.pending || !result) {
    body = (
      <Text size="sm" c="dimmed">
        {t('reportForm.previewPending')}
      </Text>
    );
  } else if (!result.ok || !result.indicator) {
    body = (
      <Text size="sm" c="red.9" data-testid={`preview-error-${index}`}>
        {result.error
          ? normalisePreviewError(i18n, result.error)
          : t('reportForm.previewInvalid')}
      </Text>
    );
  } else {
    const indicator = result.indicator;
    body = (
      <Stack gap={6}>
        {/* A code block does not wrap, and the box cut it off: an EVM address lost its last characters. */}
        <Code block className="break-all" data-testid={`preview-canonical-${index}`} fz="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {indicator.value}
        </Code>
        {indicator.display !== indicator.value && (
          <Text size="xs" className="break-all">
            {t('reportForm.displayedAs', { display: indicator.display })}
          </Text>
        )}
        <Group gap={6}>
          <Tag colour="blue" testId={`preview-type-${index}`}>
            {t(`indicatorTypes.${indicator.type}`)}
          </Tag>
          {result.benign && (
            <Tag colour="green" testId={`preview-benign-${index}`}>
              {t('reportForm.benign')}
            </Tag>
          )}
          {indicator.attributes.confusable === 'true' && (
            <Tag colour="red">
              {t('reportForm.confusable')}
            </Tag>
          )}
        </Group>
        {result.benign && <Text size="xs">{t('reportForm.benignHint')}</Text>}
        {result.derived.length > 0 && (
          <div>
            <Text size="xs" fw={600}>
              {t('reportForm.derived')}
            </Text>
            <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
              {result.derived.map((d) => (
                <li key={`${d.type}:${d.value}`}>
                  <Text size="xs" span className="break-all">
                    {t(`indicatorTypes.${d.type}`)}: <Code fz="xs">{d.value}</Code>
                  </Text>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Stack>
    );
  }
  return (
    <Paper bg="gray.0" p="xs" radius="sm" aria-live="polite" aria-atomic="true" data-testid={`preview-${index}`}>
      {body}
    </Paper>
  );
}

