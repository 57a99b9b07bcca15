/**
 * The form that adds entries to a warninglist: the values, one per line, the type of those written
 * without one, the hints their type takes (as the report form asks for them: HintFields, intel-options)
 * and a note. The server's refusals are said at the field they are about, by line (entry-form.ts).
 */
import { Button, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gpos/contracts';
import { useAddWarninglistEntries } from '../../api/warninglist-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { accountPlatformOptions, appPlatformOptions, chainOptions, indicatorTypeOptions } from '../../lib/intel-options';
import { BankCodeField, CountryHintField } from '../HintFields';
import { AUTO, ENTRY_FIELDS, entriesOf, entryErrors, hintsFor, type EntryFormValues, type SentLine } from './entry-form';

const EMPTY: EntryFormValues = { type: AUTO, country: '', bankCode: '', chain: '', platform: '', note: '' };
const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/** Several messages under one field, one a line (Mantine's error is a paragraph: no list inside). */
function said(messages: readonly string[]): ReactNode {
  if (messages.length === 0) return undefined;
  return messages.map((message, i) => (
    <span key={i} style={{ display: 'block' }}>
      {/* The space keeps the lines apart where a screen reader reads them as one description. */}
      {i > 0 && ' '}
      {message}
    </span>
  ));
}

/** The messages of a hint field (one for all lines; its refusal is rare): one after the other. */
const joined = (messages: readonly string[]) => (messages.length > 0 ? messages.join(' ') : undefined);

export function AddEntriesForm({ listId }: { listId: string }) {
  const { t, i18n } = useTranslation();
  const add = useAddWarninglistEntries(listId);
  const [text, setText] = useState('');
  const [form, setForm] = useState<EntryFormValues>(EMPTY);
  const [textError, setTextError] = useState<string | undefined>();
  // The lines of the request the refusal answers, and the form as it was sent: a refusal says "line 3"
  // of what was sent, whatever was typed since.
  const [sent, setSent] = useState<{ lines: SentLine[]; form: EntryFormValues } | null>(null);
  const hints = hintsFor(form.type);
  const types = useMemo(() => [{ value: AUTO, label: t('reportForm.autoDetect') }, ...indicatorTypeOptions(t)], [t]);
  // Said at the fields shown now (the type may have changed since), of the country as it was sent.
  const refused = useMemo(() => entryErrors(i18n, add.error, sent?.lines ?? [], { type: form.type, country: (sent?.form ?? form).country }), [i18n, add.error, sent, form]);
  const set = (patch: Partial<EntryFormValues>) => setForm((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { entries, lines } = entriesOf(text, form);
    if (entries.length === 0) return setTextError(t('validation.required'));
    if (entries.length > LIMITS.lookupBatch) return setTextError(t('lookup.tooMany', { max: LIMITS.lookupBatch }));
    setTextError(undefined);
    setSent({ lines, form });
    add.mutate(entries, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('warninglists.added', { count: entries.length }) });
        setText('');
        set({ note: '' });
      },
    });
  };

  return (
    <form onSubmit={submit} aria-labelledby="warninglist-add" noValidate>
      <Title order={3} size="h5" id="warninglist-add" mt="lg" mb="xs">
        {t('warninglists.addTitle')}
      </Title>
      <Stack gap="sm" maw={720}>
        <ErrorAlert error={add.error} inlineFields={ENTRY_FIELDS} />
        <Textarea
          label={t('warninglists.addValues')}
          description={t('warninglists.addValuesHint')}
          autosize
          minRows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={textError ?? said(refused.lines)}
          styles={MONOSPACE}
          data-testid="warninglist-values"
        />
        {/* One under the other, as the box and the note: side by side, descriptions of unlike length put the inputs out of line. */}
        <Select
          label={t('warninglists.typeForAll')}
          description={t('warninglists.typeForAllHint')}
          data={types}
          value={form.type}
          // A platform of one list is none of the other's (an app's store, an account's platform).
          onChange={(v) => set({ type: v ?? AUTO, platform: '' })}
          allowDeselect={false}
          data-testid="warninglist-type"
        />
        {hints.includes('country') && (
          <CountryHintField
            description={t('warninglists.countryHint')}
            value={form.country}
            onChange={(country) => set({ country })}
            error={joined(refused.country)}
            testId="warninglist-country"
          />
        )}
        {hints.includes('bankCode') && (
          <BankCodeField
            description={t('reportForm.bankCodeHint')}
            value={form.bankCode}
            onChange={(bankCode) => set({ bankCode })}
            error={joined(refused.bankCode)}
            testId="warninglist-bank-code"
          />
        )}
        {hints.includes('chain') && (
          <Select
            label={t('reportForm.chain')}
            description={t('reportForm.chainHint')}
            data={chainOptions()}
            value={form.chain || null}
            onChange={(v) => set({ chain: v ?? '' })}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            error={joined(refused.chain)}
            data-testid="warninglist-chain"
          />
        )}
        {hints.includes('platform') && (
          <Select
            label={t('reportForm.platform')}
            data={form.type === 'app' ? appPlatformOptions() : accountPlatformOptions()}
            value={form.platform || null}
            onChange={(v) => set({ platform: v ?? '' })}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            nothingFoundMessage={t('common.nothingFound')}
            error={joined(refused.platform)}
            data-testid="warninglist-platform"
          />
        )}
        <TextInput label={t('warninglists.note')} maxLength={LIMITS.name} value={form.note} onChange={(e) => set({ note: e.currentTarget.value })} error={joined(refused.note)} />
        <div>
          <Button type="submit" loading={add.isPending}>
            {t('warninglists.add')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
