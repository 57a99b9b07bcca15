import {Alert, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { AppModal } from '../components/AppModal';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API_KEY_SCOPES, LIMITS, type ApiKey, type ApiKeyScope } from '@gpos/contracts';
import { useCreateApiKey } from '../api/admin-queries';
import { ErrorAlert } from '../components/ErrorAlert';
import { SecretField } from '../components/SecretField';
import { fieldError } from '../lib/errors';
import { dateInputToEndOfDayIso, toDateInput } from '../lib/format';
import { scopeOptions } from '../lib/options';
import { DateField } from '../components/DateField';
import { useSession } from '../auth/session';
import { can, PERMISSIONS } from '../lib/permissions';

const FIELDS = ['name', 'scopes', 'expiresAt', 'organisationId'] as const;
type Field = (typeof FIELDS)[number];

interface Props {
  /** Set for platform admins, who may create a key for another organisation. */
  organisationOptions: { value: string; label: string }[] | null;
  defaultOrganisationId: string;
  onClose: () => void;
}

function isScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

export function ApiKeyCreateModal({ organisationOptions, defaultOrganisationId, onClose }: Props) {
  const { t } = useTranslation();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  // The node scope (a key that speaks for a federation peer) is the secretariat's to grant; the server refuses anyone else.
  const mayGrantNode = can(useSession(), PERMISSIONS.federationManage);
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['read']);
  const [expires, setExpires] = useState('');
  const [organisationId, setOrganisationId] = useState<string | null>(defaultOrganisationId);
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [created, setCreated] = useState<{ apiKey: ApiKey; secret: string } | null>(null);

  const error = (field: Field) => localErrors[field] ?? fieldError(create.error, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The last answer's errors are stale once the form is sent again, whether or not it reaches the server.
    create.reset();
    const errors: Partial<Record<Field, string>> = {};
    if (!name.trim()) errors.name = t('validation.required');
    if (scopes.length === 0) errors.scopes = t('apiKeys.scopesRequired');
    const expiresAt = dateInputToEndOfDayIso(expires);
    if (expires && !expiresAt) errors.expiresAt = t('validation.date');
    // Said here, as the form's own check, not as the server's refusal in a box over the form (walkthrough, session 58).
    else if (expiresAt && new Date(expiresAt).getTime() <= Date.now()) errors.expiresAt = t('apiKeys.expiryPast');
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    create.mutate(
      {
        name: name.trim(),
        scopes,
        ...(expiresAt ? { expiresAt } : {}),
        ...(organisationOptions && organisationId ? { organisationId } : {}),
      },
      { onSuccess: (result) => setCreated(result) },
    );
  };

  if (created) {
    return (
      <AppModal
        opened
        onClose={onClose}
        title={t('apiKeys.secretTitle')}
        // The secret is shown once: an Escape or a stray click must not lose it; "Done" closes.
        dismissible={false}
        size="lg"
      >
        <Stack>
          <Text>{t('apiKeys.secretIntro', { name: created.apiKey.name })}</Text>
          <SecretField label={t('apiKeys.secret')} value={created.secret} testId="api-key-secret" />
          <Alert color="yellow" variant="light" title={t('apiKeys.secretOnceTitle')} role="note">
            {t('apiKeys.secretOnce')}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('common.done')}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    );
  }

  return (
    <AppModal opened onClose={onClose} title={t('apiKeys.createTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={create.error} inlineFields={FIELDS} />
          {organisationOptions && (
            <Select
              label={t('apiKeys.organisation')}
              required
              searchable
              data={organisationOptions}
              value={organisationId}
              onChange={setOrganisationId}
              allowDeselect={false}
              error={error('organisationId')}
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
          <TextInput
            label={t('common.name')}
            description={t('apiKeys.nameHint')}
            required
            maxLength={LIMITS.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
            data-autofocus
            autoComplete="off"
          />
          <Checkbox.Group
            label={t('apiKeys.scopes')}
            description={mayGrantNode ? `${t('apiKeys.scopesHint')} ${t('apiKeys.nodeScopeHint')}` : t('apiKeys.scopesHint')}
            required
            value={scopes}
            onChange={(values) => setScopes(values.filter(isScope))}
            error={error('scopes')}
          >
            <Group mt="xs">
              {scopeOptions(t)
                .filter((option) => option.value !== 'node' || mayGrantNode)
                .map((option) => (
                  <Checkbox key={option.value} value={option.value} label={option.label} />
                ))}
            </Group>
          </Checkbox.Group>
          <DateField
            kind="date"
            label={t('apiKeys.expiresAt')}
            description={t('apiKeys.expiresHint')}
            min={toDateInput(new Date())}
            value={expires}
            onChange={setExpires}
            error={error('expiresAt')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
