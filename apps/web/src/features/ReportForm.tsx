import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Grid,
  Group,
  Input,
  MultiSelect,
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
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CURRENCY_CODES, LIMITS, TLP_LEVELS, type CreateReport, type Tlp } from '@gpos/contracts';
import { useAllCommunities, useAllOrganisations, useAllUsers } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { previewProblems, ReportErrorSummary, type PreviewProblem } from './ReportErrorSummary';
import { countryOptions } from '../i18n/countries';
import { fieldErrorText, translatedFieldError } from '../lib/errors';
import { channelOptions, currencyOptions, isOneOf, languageOptions, scamTypeOptions, tlpOptions } from '../lib/intel-options';
import { formatMinor, parseAmountToMinor } from '../lib/money';
import { can, PERMISSIONS } from '../lib/permissions';
import { buildReportInput, newRow, shareWithStatus, toLocalInput, type BuildResult, type IndicatorRow, type ReportFormState } from '../lib/report-form';
import { IndicatorRowEditor } from './IndicatorRowEditor';
import { useKeepFocusInPlace } from './useKeepFocusInPlace';
import { useNormalisePreview } from './useNormalisePreview';
import { DateField } from '../components/DateField';
import { isolateBidi } from '../lib/bidi';
import { COMMUNITIES_PATH } from '../lib/navigation';

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
  /** Called with the form as it stands after each change (the submit page keeps a draft of it). */
  onFormChange?: (form: ReportFormState) => void;
  /**
   * The organisation the holder is sharing the report with (an access request's requester, from the
   * correction link): the Sharing section says, as the marking changes, whether saving shares it.
   */
  shareWith?: string | null;
}

export function ReportForm({ initial, submitLabel, pending, error, onSubmit, onCancel, onEdit, onFormChange, shareWith = null }: Props) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [form, setForm] = useState<ReportFormState>(initial);
  useEffect(() => onFormChange?.(form), [form, onFormChange]);
  const [localErrors, setLocalErrors] = useState<BuildResult['errors']>({});
  const previews = useNormalisePreview(form.indicators);
  // Shown once a submit was blocked by the preview's refusals, and kept current as rows are put right.
  const [summaryShown, setSummaryShown] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const problems: PreviewProblem[] = previewProblems(form.indicators, previews);
  const [focusSummary, setFocusSummary] = useState(0);
  useEffect(() => {
    if (focusSummary > 0) summary.current?.focus();
  }, [focusSummary]);
  // A preview that adds a field to one row must not push the row being edited (its open drop-down) out of view.
  const identifierRows = useRef<HTMLDivElement>(null);
  useKeepFocusInPlace(identifierRows);

  // AMBER too: each community is labelled with its owner (below).
  const organisations = useAllOrganisations(form.tlp === 'AMBER' || form.tlp === 'AMBER+STRICT' || form.tlp === 'RED' || shareWith !== null);
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
  // Labelled with the organisation that owns it: names are unique per owner only, and another organisation
  // could make a community of the same name and enrol yours, to draw reports meant for the real one
  // (security review, session 64). Its owner tells the two apart.
  const communityOptions = useMemo(() => {
    const ownerName = new Map((organisations.data ?? []).map((o) => [o.id, o.shortName ?? o.name]));
    return (communities.data ?? []).map((c) => {
      const owner = ownerName.get(c.ownerOrganisationId);
      return { value: c.id, label: owner ? `${isolateBidi(c.name)} · ${isolateBidi(owner)}` : c.name };
    });
  }, [communities.data, organisations.data]);
  const userOptions = useMemo(() => (users.data ?? []).map((u) => ({ value: u.id, label: `${isolateBidi(u.displayName)} <${u.email}>` })), [users.data]);

  // Fields changed since the server's answer: its messages about them are out of date.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setEdited(new Set()), [error]);
  const markEdited = (...fields: string[]) => {
    if (error) setEdited((prev) => new Set([...prev, ...fields]));
  };
  // The form's own messages (checked on submit) go as soon as their field is edited, as the server's do:
  // a field still red after it was put right reads as if the fix had not been taken.
  const clearLocal = (matches: (field: string, key: string) => boolean) =>
    setLocalErrors((prev) => {
      const gone = Object.entries(prev).filter(([field, e]) => matches(field, e.key));
      if (gone.length === 0) return prev;
      const next = { ...prev };
      for (const [field] of gone) delete next[field];
      return next;
    });
  const under = (field: string, prefix: string) => field === prefix || field.startsWith(`${prefix}.`);
  const set = <K extends keyof ReportFormState>(key: K, value: ReportFormState[K]) => {
    const field = key === 'amount' || key === 'currency' ? 'loss' : key === 'tlp' || key === 'communityId' || key.startsWith('recipient') || key === 'redRecipientScope' ? 'marking' : key;
    markEdited(field);
    clearLocal((f) => under(f, field));
    setForm((f) => ({ ...f, [key]: value }));
  };
  const setRow = (key: string, patch: Partial<IndicatorRow>) => {
    const index = form.indicators.findIndex((r) => r.key === key);
    markEdited(`indicators.${index}`, 'indicators');
    // "Add at least one identifier" sits on the first row, but typing into any row answers it.
    clearLocal((f, k) => under(f, `indicators.${index}`) || (k === 'indicatorsRequired' && patch.value !== undefined));
    setForm((f) => ({ ...f, indicators: f.indicators.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  };
  const addRow = () => setForm((f) => ({ ...f, indicators: [...f.indicators, newRow()] }));
  const removeRow = (key: string) => {
    // Server errors name rows by position: once a row goes, they no longer point at the right one.
    if (error) onEdit?.();
    clearLocal((f) => under(f, 'indicators'));
    setForm((f) => ({ ...f, indicators: f.indicators.filter((r) => r.key !== key) }));
  };

  /** A local message first (checked before sending), else the server's for the same field. */
  const errorFor = (field: string): string | undefined => {
    const local = localErrors[field];
    if (local) {
      // A date the server would refuse: said as the server says it, by the same code, its date in the
      // reader's calendar (it showed the UTC instant sent: "2027-06-01T10:00:00.000Z").
      if ('value' in local) return fieldErrorText(i18n, { path: field, message: local.key, code: local.key, params: { value: local.value } }, { quote: false });
      if (local.key === 'amount.tooManyDecimals') return t('reportForm.errors.amountDecimals', { count: local.digits ?? 0, currency: form.currency });
      return t(`reportForm.errors.${local.key}`);
    }
    const stale = [...edited].some((e) => field === e || field.startsWith(`${e}.`));
    return stale ? undefined : translatedFieldError(i18n, error, field);
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
    // The preview has already refused an identifier: the server would too. Say so above the form instead.
    // A preview still loading or unavailable judges nothing: the report is sent, and the server decides.
    if (problems.length > 0) {
      setSummaryShown(true);
      setFocusSummary((n) => n + 1);
      return;
    }
    setSummaryShown(false);
    onSubmit(input);
  };

  const amountPreview = (() => {
    if (!form.amount.trim()) return undefined;
    const parsed = parseAmountToMinor(form.amount, form.currency);
    return parsed.ok ? t('reportForm.amountRecorded', { amount: formatMinor(parsed.minor, form.currency, i18n.language) }) : undefined;
  })();

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Stack gap="lg">
        {summaryShown && <ReportErrorSummary ref={summary} problems={problems} />}
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
            {/* Empty until chosen (see ReportSubmitPage): "now" is one click, never a silent default. */}
            <Stack gap={4} align="flex-start">
              <DateField
                kind="datetime-local"
                label={t('reports.occurredAt')}
                description={t('reportForm.occurredHint')}
                required
                value={form.occurredAt}
                onChange={(value) => set('occurredAt', value)}
                error={errorFor('occurredAt')}
                data-field="occurredAt"
                w="100%"
              />
              <Anchor component="button" type="button" size="sm" mih={24} onClick={() => set('occurredAt', toLocalInput(new Date()))} data-testid="occurred-now">
                {t('reportForm.occurredNow')}
              </Anchor>
            </Stack>
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

        <Fieldset legend={t('reportForm.sharing')} id="report-sharing">
          <Stack gap="md">
            {shareWith && !organisations.isPending && (
              <ShareWithNotice form={form} organisationId={shareWith} organisationName={organisations.data?.find((o) => o.id === shareWith)?.name ?? null} />
            )}
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
                description={
                  <>
                    {t('reportForm.communityHint')}{' '}
                    {/* A new tab: following the link must not drop the report being written. */}
                    <Anchor component={Link} to={COMMUNITIES_PATH} target="_blank" rel="noopener" fz="xs">
                      {t('reportForm.communityMembers')}
                    </Anchor>
                  </>
                }
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
          <Stack gap="md" ref={identifierRows}>
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
/** Whether saving the form as it stands shares the report with the organisation, and if not, what would. */
function ShareWithNotice({ form, organisationId, organisationName }: { form: ReportFormState; organisationId: string; organisationName: string | null }) {
  const { t } = useTranslation();
  const status = shareWithStatus(form, organisationId);
  const organisation = organisationName ?? t('reportForm.shareWith.unknownOrganisation');
  return (
    <Alert variant="light" color={status === 'shared' ? 'green' : 'yellow'} role="status" data-testid="share-with-notice" data-status={status}>
      <Text size="sm">{t(`reportForm.shareWith.${status}`, { organisation })}</Text>
    </Alert>
  );
}

function tlpKey(tlp: Tlp) {
  return tlp === 'AMBER+STRICT' ? 'AMBER_STRICT' : tlp;
}
