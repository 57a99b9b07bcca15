import {Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { AppModal } from '../components/AppModal';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type Organisation, type OrganisationType, type UpdateOrganisation } from '@gpos/contracts';
import { useCreateOrganisation, useUpdateOrganisation } from '../api/admin-queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { countryOptions } from '../i18n/countries';
import { fieldError } from '../lib/errors';
import { isOrganisationType, organisationTypeOptions } from '../lib/options';

const FIELDS = ['name', 'shortName', 'type', 'country'] as const;

export function OrganisationFormModal({ organisation, onClose }: { organisation: Organisation | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation();
  const mutation = organisation ? update : create;
  const [name, setName] = useState(organisation?.name ?? '');
  const [shortName, setShortName] = useState(organisation?.shortName ?? '');
  const [type, setType] = useState<OrganisationType | null>(organisation?.type ?? null);
  const [country, setCountry] = useState<string | null>(organisation?.country ?? null);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);

  const error = (field: (typeof FIELDS)[number]) =>
    missing.has(field) ? t('validation.required') : fieldError(mutation.error, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The last answer's errors are stale once the form is sent again, whether or not it reaches the server.
    mutation.reset();
    const empty = new Set<string>();
    if (!name.trim()) empty.add('name');
    if (!type) empty.add('type');
    if (!country) empty.add('country');
    setMissing(empty);
    if (empty.size > 0 || !type || !country) return;

    const done = (org: Organisation) => {
      notifications.show({
        color: 'green',
        message: t(organisation ? 'organisations.updated' : 'organisations.created', { name: org.name }),
      });
      onClose();
    };
    if (organisation) {
      const patch: UpdateOrganisation = {};
      if (name.trim() !== organisation.name) patch.name = name.trim();
      const nextShort = shortName.trim() || null;
      if (nextShort !== organisation.shortName) patch.shortName = nextShort;
      if (type !== organisation.type) patch.type = type;
      if (country !== organisation.country) patch.country = country;
      update.mutate({ id: organisation.id, ...patch }, { onSuccess: done });
    } else {
      create.mutate(
        { name: name.trim(), type, country, ...(shortName.trim() ? { shortName: shortName.trim() } : {}) },
        { onSuccess: done },
      );
    }
  };

  return (
    <AppModal
      opened
      onClose={onClose}
      title={organisation ? t('organisations.editTitle') : t('organisations.createTitle')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={mutation.error} inlineFields={FIELDS} />
          <TextInput
            label={t('common.name')}
            required
            maxLength={LIMITS.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
            data-autofocus
          />
          <TextInput
            label={t('organisations.shortName')}
            maxLength={LIMITS.shortText}
            value={shortName}
            onChange={(e) => setShortName(e.currentTarget.value)}
            error={error('shortName')}
          />
          <Select
            label={t('organisations.type')}
            required
            data={organisationTypeOptions(t)}
            value={type}
            onChange={(v) => setType(isOrganisationType(v) ? v : null)}
            error={error('type')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('organisations.country')}
            required
            searchable
            data={countries}
            value={country}
            onChange={setCountry}
            error={error('country')}
            nothingFoundMessage={t('common.nothingFound')}
            comboboxProps={{ withinPortal: true }}
            data-testid="organisation-country"
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {organisation ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
