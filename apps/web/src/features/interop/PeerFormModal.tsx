import { Button, Checkbox, Group, NumberInput, PasswordInput, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FEDERATION_LIMITS, LIMITS, type CreatePeer, type OrganisationType } from '@gpos/contracts';
import { useCreatePeer } from '../../api/interop-queries';
import { useAllOrganisations } from '../../api/admin-queries';
import { AppModal } from '../../components/AppModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countryOptions } from '../../i18n/countries';
import { fieldError } from '../../lib/errors';
import { isOrganisationType, organisationTypeOptions } from '../../lib/options';

const FIELDS = ['name', 'url', 'apiRoot', 'collectionIds', 'apiKey', 'intervalMinutes', 'organisation'] as const;

/** One collection id per line (commas work too); blank lines dropped. */
export function parseCollectionIds(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

export function PeerFormModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const create = useCreatePeer();
  const organisations = useAllOrganisations();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [apiRoot, setApiRoot] = useState('');
  const [collections, setCollections] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [interval, setInterval] = useState<string | number>('');
  const [enabled, setEnabled] = useState(true);
  const [orgMode, setOrgMode] = useState<'existing' | 'create'>('existing');
  const [orgId, setOrgId] = useState<string | null>(null);
  const [orgName, setOrgName] = useState('');
  const [orgType, setOrgType] = useState<OrganisationType | null>(null);
  const [orgCountry, setOrgCountry] = useState<string | null>(null);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);
  const orgOptions = useMemo(
    () => (organisations.data ?? []).map((o) => ({ value: o.id, label: o.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [organisations.data],
  );

  const error = (field: string) => (missing.has(field) ? t('validation.required') : fieldError(create.error, field));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = new Set<string>();
    if (!name.trim()) empty.add('name');
    if (!url.trim()) empty.add('url');
    if (!apiKey) empty.add('apiKey');
    if (orgMode === 'existing' && !orgId) empty.add('organisation.id');
    if (orgMode === 'create') {
      if (!orgName.trim()) empty.add('organisation.name');
      if (!orgType) empty.add('organisation.type');
      if (!orgCountry) empty.add('organisation.country');
    }
    setMissing(empty);
    if (empty.size > 0) return;
    const organisation: CreatePeer['organisation'] =
      orgMode === 'existing' ? { id: orgId ?? '' } : { name: orgName.trim(), type: orgType ?? 'law_enforcement', country: orgCountry ?? '' };
    const input: CreatePeer = {
      name: name.trim(),
      url: url.trim(),
      collectionIds: parseCollectionIds(collections),
      apiKey,
      organisation,
      intervalMinutes: typeof interval === 'number' ? interval : null,
      enabled,
      ...(apiRoot.trim() ? { apiRoot: apiRoot.trim() } : {}),
    };
    create.mutate(input, {
      onSuccess: (peer) => {
        notifications.show({ color: 'green', message: t('interop.federation.form.created', { name: peer.name }) });
        onClose();
      },
    });
  };

  return (
    <AppModal opened onClose={onClose} title={t('interop.federation.form.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={create.error} inlineFields={FIELDS} />
          <TextInput
            label={t('interop.federation.name')}
            description={t('interop.federation.form.nameHelp')}
            required
            maxLength={63}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
            data-autofocus
            data-testid="peer-name"
          />
          <TextInput
            label={t('interop.federation.url')}
            description={t('interop.federation.form.urlHelp')}
            required
            type="url"
            maxLength={FEDERATION_LIMITS.url}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={error('url')}
            data-testid="peer-url"
          />
          <TextInput
            label={t('interop.federation.apiRoot')}
            description={t('interop.federation.form.apiRootHelp')}
            type="url"
            maxLength={FEDERATION_LIMITS.url}
            value={apiRoot}
            onChange={(e) => setApiRoot(e.currentTarget.value)}
            error={error('apiRoot')}
          />
          <Textarea
            label={t('interop.federation.form.collectionsLabel')}
            description={t('interop.federation.form.collectionsHelp', { max: FEDERATION_LIMITS.collectionsPerPeer })}
            autosize
            minRows={2}
            maxRows={6}
            value={collections}
            onChange={(e) => setCollections(e.currentTarget.value)}
            error={error('collectionIds')}
            data-testid="peer-collections"
          />
          <PasswordInput
            label={t('interop.federation.form.apiKey')}
            description={t('interop.federation.form.apiKeyHelp')}
            required
            autoComplete="off"
            minLength={FEDERATION_LIMITS.apiKeyMin}
            maxLength={FEDERATION_LIMITS.apiKeyMax}
            value={apiKey}
            onChange={(e) => setApiKey(e.currentTarget.value)}
            error={error('apiKey')}
            data-testid="peer-api-key"
          />
          <NumberInput
            label={t('interop.federation.form.intervalLabel')}
            description={t('interop.federation.form.intervalHelp', { min: FEDERATION_LIMITS.intervalMinutesMin, max: FEDERATION_LIMITS.intervalMinutesMax })}
            min={FEDERATION_LIMITS.intervalMinutesMin}
            max={FEDERATION_LIMITS.intervalMinutesMax}
            allowDecimal={false}
            allowNegative={false}
            value={interval}
            onChange={setInterval}
            error={error('intervalMinutes')}
          />
          <Checkbox label={t('interop.federation.form.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Radio.Group
            label={t('interop.federation.form.organisationMode')}
            value={orgMode}
            onChange={(v) => setOrgMode(v === 'create' ? 'create' : 'existing')}
            error={orgMode === 'existing' ? undefined : fieldError(create.error, 'organisation')}
          >
            <Group mt={4}>
              <Radio value="existing" label={t('interop.federation.form.existing')} />
              <Radio value="create" label={t('interop.federation.form.create')} />
            </Group>
          </Radio.Group>
          {orgMode === 'existing' ? (
            <Select
              label={t('interop.federation.organisation')}
              required
              searchable
              data={orgOptions}
              value={orgId}
              onChange={setOrgId}
              error={error('organisation.id')}
              nothingFoundMessage={t('common.nothingFound')}
              comboboxProps={{ withinPortal: true }}
              data-testid="peer-organisation"
            />
          ) : (
            <>
              <TextInput
                label={t('interop.federation.form.organisationName')}
                required
                maxLength={LIMITS.name}
                value={orgName}
                onChange={(e) => setOrgName(e.currentTarget.value)}
                error={error('organisation.name')}
              />
              <Select
                label={t('organisations.type')}
                required
                data={organisationTypeOptions(t)}
                value={orgType}
                onChange={(v) => setOrgType(isOrganisationType(v) ? v : null)}
                error={error('organisation.type')}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label={t('organisations.country')}
                required
                searchable
                data={countries}
                value={orgCountry}
                onChange={setOrgCountry}
                error={error('organisation.country')}
                nothingFoundMessage={t('common.nothingFound')}
                comboboxProps={{ withinPortal: true }}
              />
            </>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="peer-submit">
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
