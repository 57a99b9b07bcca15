import {Alert, Button, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { AppModal } from '../components/AppModal';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LIMITS,
  LOCALES,
  USER_ROLES,
  USER_STATUSES,
  type Locale,
  type UpdateUser,
  type User,
  type UserRole,
  type UserStatus,
} from '@gpos/contracts';
import { useCreateUser, useUpdateUser } from '../api/admin-queries';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { SecretField } from '../components/SecretField';
import { fieldError } from '../lib/errors';
import { roleOptions, userStatusOptions } from '../lib/options';
import { canAcrossOrganisations, isPlatformAdmin, PERMISSIONS } from '../lib/permissions';

const FIELDS = ['organisationId', 'email', 'displayName', 'role', 'status', 'locale', 'password'] as const;
type Field = (typeof FIELDS)[number];

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', th: 'ไทย' };

interface Props {
  user: User | null;
  organisationOptions: { value: string; label: string }[];
  defaultOrganisationId: string;
  onClose: () => void;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return value !== null && (values as readonly string[]).includes(value);
}

export function UserFormModal({ user, organisationOptions, defaultOrganisationId, onClose }: Props) {
  const { t } = useTranslation();
  const me = useSession();
  const platformAdmin = canAcrossOrganisations(me, PERMISSIONS.usersManageAny);
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;

  const [organisationId, setOrganisationId] = useState<string | null>(user?.organisationId ?? defaultOrganisationId);
  const [email, setEmail] = useState(user?.email ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<UserRole | null>(user?.role ?? null);
  const [status, setStatus] = useState<UserStatus>(user?.status ?? 'active');
  const [locale, setLocale] = useState<Locale>(user?.locale ?? 'en');
  const [password, setPassword] = useState('');
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [created, setCreated] = useState<{ user: User; initialPassword: string | null } | null>(null);

  // platform_admin is the platform operators' role: a platform admin grants it to people of their own
  // organisation only (the server refuses it elsewhere). One who holds it already keeps it on the list.
  const targetOrganisationId = user?.organisationId ?? organisationId;
  const grantsPlatformAdmin = (isPlatformAdmin(me) && targetOrganisationId === me.organisation.id) || user?.role === 'platform_admin';
  const roles = grantsPlatformAdmin ? USER_ROLES : USER_ROLES.filter((r) => r !== 'platform_admin');
  const error = (field: Field) => localErrors[field] ?? fieldError(mutation.error, field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The last answer's errors are stale once the form is sent again, whether or not it reaches the server.
    mutation.reset();
    const errors: Partial<Record<Field, string>> = {};
    if (!user && !email.trim()) errors.email = t('validation.required');
    if (!displayName.trim()) errors.displayName = t('validation.required');
    if (!role) errors.role = t('validation.required');
    if (!user && password && password.length < LIMITS.passwordMin) {
      errors.password = t('validation.passwordMin', { min: LIMITS.passwordMin });
    }
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0 || !role) return;

    if (user) {
      const patch: UpdateUser = {};
      if (displayName.trim() !== user.displayName) patch.displayName = displayName.trim();
      if (role !== user.role) patch.role = role;
      if (status !== user.status) patch.status = status;
      if (locale !== user.locale) patch.locale = locale;
      update.mutate(
        { id: user.id, ...patch },
        {
          onSuccess: (saved) => {
            notifications.show({ color: 'green', message: t('users.updated', { name: saved.displayName }) });
            onClose();
          },
        },
      );
    } else {
      create.mutate(
        {
          email: email.trim(),
          displayName: displayName.trim(),
          role,
          locale,
          ...(platformAdmin && organisationId ? { organisationId } : {}),
          ...(password ? { password } : {}),
        },
        {
          onSuccess: (result) => {
            setPassword('');
            notifications.show({ color: 'green', message: t('users.created', { name: result.user.displayName }) });
            if (result.initialPassword) setCreated(result);
            else onClose();
          },
        },
      );
    }
  };

  if (created?.initialPassword) {
    return (
      <AppModal
        opened
        onClose={onClose}
        title={t('users.initialPasswordTitle')}
        dismissible={false}
        size="lg"
      >
        <Stack>
          <Text>{t('users.initialPasswordIntro', { email: created.user.email })}</Text>
          <SecretField label={t('users.initialPassword')} value={created.initialPassword} testId="initial-password" />
          <Alert color="yellow" variant="light" role="note">
            {t('users.initialPasswordOnce')}
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
    <AppModal
      opened
      onClose={onClose}
      title={user ? t('users.editTitle') : t('users.createTitle')}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={mutation.error} inlineFields={FIELDS} />
          {!user && platformAdmin && (
            <Select
              label={t('users.organisation')}
              required
              searchable
              data={organisationOptions}
              value={organisationId}
              onChange={(id) => {
                setOrganisationId(id);
                // Chosen for the secretariat's own people, the role is not one another organisation's may hold.
                if (role === 'platform_admin' && id !== me.organisation.id) setRole(null);
              }}
              allowDeselect={false}
              error={error('organisationId')}
              nothingFoundMessage={t('common.nothingFound')}
            />
          )}
          <TextInput
            label={t('users.email')}
            type="email"
            required={!user}
            disabled={Boolean(user)}
            maxLength={LIMITS.email}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={error('email')}
            autoComplete="off"
            data-autofocus={!user || undefined}
          />
          <TextInput
            label={t('users.displayName')}
            required
            maxLength={LIMITS.name}
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={error('displayName')}
            autoComplete="off"
            data-autofocus={user ? true : undefined}
          />
          <Select
            label={t('users.role')}
            required
            data={roleOptions(t, roles)}
            value={role}
            onChange={(v) => setRole(oneOf(USER_ROLES, v) ? v : null)}
            allowDeselect={false}
            error={error('role')}
          />
          {user && (
            <Select
              label={t('common.status')}
              required
              data={userStatusOptions(t)}
              value={status}
              onChange={(v) => oneOf(USER_STATUSES, v) && setStatus(v)}
              allowDeselect={false}
              error={error('status')}
            />
          )}
          <Select
            label={t('users.language')}
            data={LOCALES.map((code) => ({ value: code, label: LANGUAGE_NAMES[code] }))}
            value={locale}
            onChange={(v) => oneOf(LOCALES, v) && setLocale(v)}
            allowDeselect={false}
            error={error('locale')}
          />
          {!user && (
            <PasswordInput
              label={t('users.password')}
              description={t('users.passwordHint', { min: LIMITS.passwordMin })}
              maxLength={LIMITS.passwordMax}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={error('password')}
              autoComplete="new-password"
              visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePasswordVisibility') }}
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {user ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
