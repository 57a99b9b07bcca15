import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { LIMITS } from '@gpos/contracts';
import { ApiError } from '../api/client';
import { useLogin, useMe } from '../api/session-queries';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { clearSessionEnded, onSessionEnded, sessionEnded, sessionEndText } from '../auth/session-ended';

function safeRedirect(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/sign-in' ? from : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  // Read when the page appears (a reload keeps it), and again when a request still in flight then says why.
  const [ended, setEnded] = useState(sessionEnded);
  useEffect(() => onSessionEnded(() => setEnded(sessionEnded())), []);

  useEffect(() => {
    document.title = `${t('auth.signInTitle')} · GPOS`;
  }, [t]);

  if (me.data) return <Navigate to={safeRedirect(location.state)} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: () => {
          clearSessionEnded();
          navigate(safeRedirect(location.state), { replace: true });
        },
        // Never keep the password around after a failed attempt.
        onError: () => setPassword(''),
      },
    );
  };

  let failure: string | null = missing ? t('auth.missingCredentials') : null;
  if (!failure && login.error) {
    const code = login.error instanceof ApiError ? login.error.code : '';
    failure =
      code === 'too_many_attempts'
        ? t('auth.tooManyAttempts')
        : login.error instanceof ApiError && (login.error.status === 401 || login.error.status === 400)
          ? t('auth.invalidCredentials')
          : login.error instanceof ApiError && login.error.status === 0
            ? t('errors.network')
            : t('auth.signInFailed');
  }

  return (
    <Box bg="gray.0" mih="100vh">
      <Group component="header" justify="space-between" px="md" py="sm">
        <Text fw={800} fz="xl" c="blue.9">
          GPOS
        </Text>
        <LanguageSwitch />
      </Group>
      <Center component="main" id="main-content" px="md" py="xl">
        <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
          <Stack gap="xs" mb="lg">
            <Title order={1} size="h2" tabIndex={-1}>
              {t('auth.signInTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('app.fullName')}
            </Text>
          </Stack>
          <form onSubmit={submit} noValidate aria-describedby={failure ? 'sign-in-error' : undefined}>
            <Stack>
              {failure && (
                <Alert color="red" variant="light" role="alert" id="sign-in-error">
                  {failure}
                </Alert>
              )}
              {ended && !failure && (
                <Alert color="yellow" variant="light" role="status" data-testid="session-ended">
                  {sessionEndText(t, ended)}
                </Alert>
              )}
              <TextInput
                label={t('auth.email')}
                name="email"
                type="email"
                autoComplete="username"
                required
                maxLength={LIMITS.email}
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                data-testid="sign-in-email"
              />
              <PasswordInput
                label={t('auth.password')}
                name="password"
                autoComplete="current-password"
                required
                maxLength={LIMITS.passwordMax}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="sign-in-password"
                visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePasswordVisibility') }}
              />
              <Button type="submit" loading={login.isPending} fullWidth>
                {t('auth.signIn')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
