import {
  ActionIcon,
  Button,
  Code,
  Fieldset,
  Grid,
  Group,
  Input,
  MultiSelect,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCY_CODES, LIMITS, TLP_LEVELS, type CreateReport, type IndicatorType, type SightingRole, type Tlp } from '@gpos/contracts';
import type { NormaliseResult } from '../api/intel-types';
import { useAllCommunities, useAllOrganisations, useAllUsers } from '../api/queries';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { Tag } from '../components/intel';
import { countryOptions } from '../i18n/countries';
import { fieldError } from '../lib/errors';
import {
  accountPlatformOptions,
  appPlatformOptions,
  chainOptions,
  channelOptions,
  currencyOptions,
  extraFieldsFor,
  indicatorTypeOptions,
  isIndicatorType,
  isOneOf,
  languageOptions,
  roleOptions,
  scamTypeOptions,
  tlpOptions,
} from '../lib/intel-options';
import { formatMinor, parseAmountToMinor } from '../lib/money';
import { can, PERMISSIONS } from '../lib/permissions';
import { buildReportInput, newRow, type BuildResult, type IndicatorRow, type ReportFormState } from '../lib/report-form';
import { SIGHTING_ROLES } from '@gpos/contracts';
import { useNormalisePreview, type RowPreview } from './useNormalisePreview';

const AUTO = 'auto';
const INLINE_FIELDS = ['scamType', 'channel', 'victimCountry', 'occurredAt', 'loss', 'narrative', 'language', 'confidence', 'externalRef', 'marking', 'indicators'] as const;

interface Props {
  initial: ReportFormState;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** Called with a valid body; the page sends it (POST or PUT). */
  onSubmit: (input: CreateReport) => void;
  onCancel?: () => void;
  /** Called on the first edit after a failed submission, so the page can clear the server's errors. */
  onEdit?: () => void;
}

export function ReportForm({ initial, submitLabel, pending, error, onSubmit, onCancel, onEdit }: Props) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [form, setForm] = useState<ReportFormState>(initial);
  const [localErrors, setLocalErrors] = useState<BuildResult['errors']>({});
  const previews = useNormalisePreview(form.indicators);

  const organisations = useAllOrganisations(form.tlp === 'AMBER+STRICT' || form.tlp === 'RED');
  const communities = useAllCommunities(form.tlp === 'AMBER');
  const mayListUsers = can(me, PERMISSIONS.usersManage);
  const users = useAllUsers(mayListUsers && form.tlp === 'RED' && form.redRecipientScope === 'users');

  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const currencies = useMemo(() => currencyOptions(CURRENCY_CODES, i18n.language), [i18n.language]);
  const languages = useMemo(() => languageOptions(i18n.language), [i18n.language]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );
  const communityOptions = useMemo(() => (communities.data ?? []).map((c) => ({ value: c.id, label: c.name })), [communities.data]);
  const userOptions = useMemo(() => (users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} <${u.email}>` })), [users.data]);

  // Fields changed since the server's answer: its messages about them are out of date.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setEdited(new Set()), [error]);
  const markEdited = (...fields: string[]) => {
    if (error) setEdited((prev) => new Set([...prev, ...fields]));
  };
  const set = <K extends keyof ReportFormState>(key: K, value: ReportFormState[K]) => {
    markEdited(key === 'amount' || key === 'currency' ? 'loss' : key === 'tlp' || key === 'communityId' || key.startsWith('recipient') || key === 'redRecipientScope' ? 'marking' : key);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const setRow = (key: string, patch: Partial<IndicatorRow>) => {
    const index = form.indicators.findIndex((r) => r.key === key);
    markEdited(`indicators.${index}`, 'indicators');
    setForm((f) => ({ ...f, indicators: f.indicators.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  };
  const addRow = () => setForm((f) => ({ ...f, indicators: [...f.indicators, newRow()] }));
  const removeRow = (key: string) => {
    // Server errors name rows by position: once a row goes, they no longer point at the right one.
    if (error) onEdit?.();
    setForm((f) => ({ ...f, indicators: f.indicators.filter((r) => r.key !== key) }));
  };

  /** A local message first (checked before sending), else the server's for the same field. */
  const errorFor = (field: string): string | undefined => {
    const local = localErrors[field];
    if (local) {
      if (local.key === 'amount.tooManyDecimals') return t('reportForm.errors.amountDecimals', { count: local.digits ?? 0, currency: form.currency });
      return t(`reportForm.errors.${local.key}`);
    }
    const stale = [...edited].some((e) => field === e || field.startsWith(`${e}.`));
    return stale ? undefined : fieldError(error, field);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { input, errors } = buildReportInput(form);
    setLocalErrors(errors);
    if (!input) {
      const first = Object.keys(errors)[0];
      if (first) document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    onSubmit(input);
  };

  const amountPreview = (() => {
    if (!form.amount.trim()) return undefined;
    const parsed = parseAmountToMinor(form.amount, form.currency);
    return parsed.ok ? t('reportForm.amountRecorded', { amount: formatMinor(parsed.minor, form.currency, i18n.language), minor: parsed.minor }) : undefined;
  })();

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Stack gap="lg">
        <ErrorAlert error={error} inlineFields={INLINE_FIELDS} />

        <Fieldset legend={t('reportForm.whatHappened')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('reports.scamType')}
              required
              data={scamTypeOptions(t)}
              value={form.scamType || null}
              onChange={(v) => set('scamType', v ?? '')}
              error={errorFor('scamType')}
              data-field="scamType"
              allowDeselect={false}
            />
            <Select
              label={t('reports.channel')}
              required
              data={channelOptions(t)}
              value={form.channel || null}
              onChange={(v) => set('channel', v ?? '')}
              error={errorFor('channel')}
              data-field="channel"
              allowDeselect={false}
            />
            <Select
              label={t('reports.victimCountry')}
              required
              searchable
              data={countries}
              value={form.victimCountry || null}
              onChange={(v) => set('victimCountry', v ?? '')}
              error={errorFor('victimCountry')}
              nothingFoundMessage={t('common.nothingFound')}
              data-field="victimCountry"
              allowDeselect={false}
            />
            <TextInput
              type="datetime-local"
              label={t('reports.occurredAt')}
              required
              value={form.occurredAt}
              onChange={(e) => set('occurredAt', e.currentTarget.value)}
              error={errorFor('occurredAt')}
              data-field="occurredAt"
            />
            <TextInput
              label={t('reportForm.lossAmount')}
              description={amountPreview ?? t('reportForm.lossHint')}
              inputMode="decimal"
              autoComplete="off"
              value={form.amount}
              onChange={(e) => set('amount', e.currentTarget.value)}
              error={errorFor('loss.amount') ?? errorFor('loss')}
              data-field="loss.amount"
              data-testid="loss-amount"
            />
            <Select
              label={t('reportForm.currency')}
              searchable
              data={currencies}
              value={form.currency}
              onChange={(v) => v && set('currency', v)}
              error={errorFor('loss.currency')}
              nothingFoundMessage={t('common.nothingFound')}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Grid mt="md" gutter="md">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Textarea
                label={t('reports.narrative')}
                description={t('reportForm.narrativeHint')}
                autosize
                minRows={3}
                maxRows={10}
                maxLength={LIMITS.narrative}
                value={form.narrative}
                onChange={(e) => set('narrative', e.currentTarget.value)}
                error={errorFor('narrative')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Select
                label={t('reports.language')}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('common.clear') }}
                data={languages}
                value={form.language || null}
                onChange={(v) => set('language', v ?? '')}
                error={errorFor('language')}
                nothingFoundMessage={t('common.nothingFound')}
              />
            </Grid.Col>
          </Grid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="md">
            <Input.Wrapper
              label={t('reports.confidence')}
              description={t('reportForm.confidenceHint', { value: form.confidence })}
              labelElement="div"
              error={errorFor('confidence')}
            >
              <Slider
                mt="xs"
                mb="lg"
                min={0}
                max={100}
                step={5}
                value={form.confidence}
                onChange={(v) => set('confidence', v)}
                thumbLabel={t('reports.confidence')}
                marks={[
                  { value: 0, label: '0' },
                  { value: 50, label: '50' },
                  { value: 100, label: '100' },
                ]}
              />
            </Input.Wrapper>
            <TextInput
              label={t('reports.externalRef')}
              description={t('reportForm.externalRefHint')}
              maxLength={LIMITS.name}
              value={form.externalRef}
              onChange={(e) => set('externalRef', e.currentTarget.value)}
              error={errorFor('externalRef')}
            />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend={t('reportForm.sharing')}>
          <Stack gap="md">
            <Select
              label={t('reportForm.tlp')}
              data={tlpOptions()}
              value={form.tlp}
              onChange={(v) => isOneOf(TLP_LEVELS, v) && set('tlp', v as Tlp)}
              allowDeselect={false}
              description={t(`tlp.explain.${tlpKey(form.tlp)}`)}
              error={errorFor('marking.tlp')}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm" fw={600}>
                    {option.label}
                  </Text>
                  <Text size="xs">{t(`tlp.explain.${tlpKey(option.value as Tlp)}`)}</Text>
                </Stack>
              )}
              maw={520}
              data-testid="tlp-select"
            />
            {form.tlp === 'AMBER' && (
              <Select
                label={t('reportForm.community')}
                description={t('reportForm.communityHint')}
                data={communityOptions}
                value={form.communityId || null}
                onChange={(v) => set('communityId', v ?? '')}
                clearable
                clearButtonProps={{ 'aria-label': t('common.clear') }}
                searchable
                nothingFoundMessage={t('common.nothingFound')}
                error={errorFor('marking.communityId')}
                maw={520}
              />
            )}
            {form.tlp === 'RED' && (
              <Radio.Group
                label={t('reportForm.redScope')}
                value={form.redRecipientScope}
                onChange={(v) => set('redRecipientScope', v === 'users' ? 'users' : 'organisations')}
              >
                <Group mt="xs">
                  <Radio value="organisations" label={t('reportForm.redScopeOrganisations')} />
                  <Radio value="users" label={t('reportForm.redScopeUsers')} />
                </Group>
              </Radio.Group>
            )}
            {(form.tlp === 'AMBER+STRICT' || (form.tlp === 'RED' && form.redRecipientScope === 'organisations')) && (
              <MultiSelect
                label={t('reportForm.recipientOrganisations')}
                description={t(form.tlp === 'RED' ? 'reportForm.recipientsRedHint' : 'reportForm.recipientOrganisationsHint')}
                required={form.tlp === 'RED'}
                data={orgOptions}
                value={form.recipientOrganisationIds}
                onChange={(v) => set('recipientOrganisationIds', v)}
                searchable
                clearable
                clearButtonProps={{ 'aria-label': t('common.clear') }}
                hidePickedOptions
                maxValues={LIMITS.recipients}
                nothingFoundMessage={t('common.nothingFound')}
                error={errorFor('marking.recipientOrganisationIds')}
              />
            )}
            {form.tlp === 'RED' && form.redRecipientScope === 'users' &&
              (mayListUsers ? (
                <MultiSelect
                  label={t('reportForm.recipientUsers')}
                  description={t('reportForm.recipientsRedHint')}
                  required
                  data={userOptions}
                  value={form.recipientUserIds}
                  onChange={(v) => set('recipientUserIds', v)}
                  searchable
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  hidePickedOptions
                  maxValues={LIMITS.recipients}
                  nothingFoundMessage={t('common.nothingFound')}
                  error={errorFor('marking.recipientUserIds')}
                />
              ) : (
                <TagsInput
                  label={t('reportForm.recipientUserIds')}
                  description={t('reportForm.recipientUserIdsHint')}
                  required
                  value={form.recipientUserIds}
                  onChange={(v) => set('recipientUserIds', v)}
                  maxTags={LIMITS.recipients}
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  error={errorFor('marking.recipientUserIds')}
                />
              ))}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('reportForm.identifiers')}>
          <Text size="sm" mb="md">
            {t('reportForm.identifiersHint')}
          </Text>
          <Stack gap="md">
            {form.indicators.map((row, index) => (
              <IndicatorRowEditor
                key={row.key}
                row={row}
                index={index}
                preview={previews[row.key]}
                defaultCountry={me.organisation.country}
                canRemove={form.indicators.length > 1}
                onChange={(patch) => setRow(row.key, patch)}
                onRemove={() => removeRow(row.key)}
                errorFor={(field) => errorFor(`indicators.${index}.${field}`)}
                rowError={errorFor(`indicators.${index}`)}
              />
            ))}
            {errorFor('indicators') && !form.indicators.some((_, i) => errorFor(`indicators.${i}`)) && (
              <Text c="red.9" size="sm" role="alert">
                {errorFor('indicators')}
              </Text>
            )}
            <div>
              <Button
                variant="default"
                onClick={addRow}
                disabled={form.indicators.length >= LIMITS.indicatorsPerReport}
                data-testid="add-indicator"
              >
                {t('reportForm.addIdentifier')}
              </Button>
            </div>
          </Stack>
        </Fieldset>

        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={pending} data-testid="submit-report">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** i18n keys cannot hold "+": AMBER+STRICT is `AMBER_STRICT` in the locale files. */
function tlpKey(tlp: Tlp) {
  return tlp === 'AMBER+STRICT' ? 'AMBER_STRICT' : tlp;
}

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

function IndicatorRowEditor({ row, index, preview, defaultCountry, canRemove, onChange, onRemove, errorFor, rowError }: RowProps) {
  const { t, i18n } = useTranslation();
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const detected = preview?.result?.indicator?.type ?? null;
  const effectiveType: IndicatorType | null = row.type || detected;
  const extras = extraFieldsFor(effectiveType);
  const number = index + 1;
  const shownErrors = ['type', 'value', 'role', 'country', 'bankCode', 'chain', 'platform'].some((f) => errorFor(f));
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
              error={errorFor('type')}
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
            description={t('reportForm.valueHint')}
            required
            maxLength={LIMITS.indicatorValue}
            autoComplete="off"
            spellCheck={false}
            value={row.value}
            onChange={(e) => onChange({ value: e.currentTarget.value })}
            error={errorFor('value')}
            data-field={`indicators.${index}.value`}
            data-testid={`indicator-value-${index}`}
          />
          {extras.length > 0 && (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" mt="sm">
              {extras.includes('country') && (
                <Select
                  label={t('reportForm.country')}
                  description={t('reportForm.countryHint', { country: defaultCountry })}
                  searchable
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  data={countries}
                  value={row.country || null}
                  onChange={(v) => onChange({ country: v ?? '' })}
                  nothingFoundMessage={t('common.nothingFound')}
                  error={errorFor('country')}
                />
              )}
              {extras.includes('bankCode') && (
                <TextInput
                  label={t('reportForm.bankCode')}
                  description={t('reportForm.bankCodeHint')}
                  maxLength={64}
                  value={row.bankCode}
                  onChange={(e) => onChange({ bankCode: e.currentTarget.value })}
                  error={errorFor('bankCode')}
                />
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
                  error={errorFor('chain')}
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
                  error={errorFor('platform')}
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
  const { t } = useTranslation();
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
        {result.error ? t('reportForm.previewError', { field: result.error.field, reason: result.error.reason }) : t('reportForm.previewInvalid')}
      </Text>
    );
  } else {
    const indicator = result.indicator;
    body = (
      <Stack gap={6}>
        <Code block className="break-all" data-testid={`preview-canonical-${index}`} fz="sm">
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

