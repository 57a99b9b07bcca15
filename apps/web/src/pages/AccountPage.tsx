import { Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gpos/contracts';
import { useChangePassword, useUpdateMe } from '../api/session-queries';
import { useSession } from '../auth/session';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { fieldError } from '../lib/errors';
import { UserText } from '../components/UserText';

export function AccountPage() {
  const { t } = useTranslation();
  const me = useSession();
  const updateMe = useUpdateMe();
  const changePassword = useChangePassword();
  const wrongCurrent = changePassword.error instanceof ApiError && changePassword.error.code === 'invalid_credentials';
  const [displayName, setDisplayName] = useState(me.user?.displayName ?? '');
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [tooShort, setTooShort] = useState(false);

  const saveProfile = (event: FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) return;
    updateMe.mutate(
      { displayName: displayName.trim() },
      { onSuccess: () => notifications.show({ color: 'green', message: t('account.profileSaved') }) },
    );
  };

  const savePassword = (event: FormEvent) => {
    event.preventDefault();
    const short = newPassword.length < LIMITS.passwordMin;
    const differs = newPassword !== confirm;
    setTooShort(short);
    setMismatch(differs);
    if (short || differs || !currentPassword) return;
    changePassword.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setConfirm('');
          notifications.show({ color: 'green', message: t('account.passwordChanged') });
        },
        onError: () => setCurrentPassword(''),
      },
    );
  };

  return (
    <>
      <PageHeader title={t('account.title')} description={me.user?.email} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg" component="section" aria-labelledby="account-profile">
          <Title order={2} size="h4" id="account-profile" mb="md">
            {t('account.profile')}
          </Title>
          <form onSubmit={saveProfile} noValidate>
            <Stack>
              <ErrorAlert error={updateMe.error} inlineFields={['displayName']} />
              <TextInput
                label={t('users.displayName')}
                required
                maxLength={LIMITS.name}
                value={displayName}
                onChange={(e) => setDisplayName(e.currentTarget.value)}
                error={!displayName.trim() ? t('validation.required') : fieldError(updateMe.error, 'displayName')}
              />
              <Text size="sm">
                {t('users.role')}: {me.user ? t(`roles.${me.user.role}`) : '—'} · <UserText>{me.organisation.name}</UserText>
              </Text>
              <Group justify="flex-end">
                <Button type="submit" loading={updateMe.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
        <Paper withBorder p="lg" component="section" aria-labelledby="account-password">
          <Title order={2} size="h4" id="account-password" mb="md">
            {t('account.changePassword')}
          </Title>
          <form onSubmit={savePassword} noValidate>
            <Stack>
              {/* A wrong current password is said at its field only: the sign-in's "email or password" headline does not fit here. */}
              {!wrongCurrent && <ErrorAlert error={changePassword.error} inlineFields={['currentPassword', 'newPassword']} />}
              <PasswordInput
                label={t('account.currentPassword')}
                required
                autoComplete="current-password"
                maxLength={LIMITS.passwordMax}
                value={currentPassword}
                onChange={(e) => setCurrentPassword(e.currentTarget.value)}
                error={wrongCurrent ? t('account.currentPasswordIncorrect') : fieldError(changePassword.error, 'currentPassword')}
                visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePasswordVisibility') }}
              />
              <PasswordInput
                label={t('account.newPassword')}
                description={t('validation.passwordMin', { min: LIMITS.passwordMin })}
                required
                autoComplete="new-password"
                maxLength={LIMITS.passwordMax}
                value={newPassword}
                onChange={(e) => setNewPassword(e.currentTarget.value)}
                error={
                  tooShort ? t('validation.passwordMin', { min: LIMITS.passwordMin }) : fieldError(changePassword.error, 'newPassword')
                }
                visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePasswordVisibility') }}
              />
              <PasswordInput
                label={t('account.confirmPassword')}
                required
                autoComplete="new-password"
                maxLength={LIMITS.passwordMax}
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                error={mismatch ? t('account.passwordMismatch') : undefined}
                visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePasswordVisibility') }}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={changePassword.isPending}>
                  {t('account.changePassword')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </SimpleGrid>
    </>
  );
}
