import { Alert, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessage, errorTitle, fieldErrorText, listedFieldErrors } from '../lib/errors';

interface Props {
  error: unknown;
  /** Fields the form shows inline; other field errors are listed here so none is lost. */
  inlineFields?: readonly string[];
  /**
   * The heading in place of the error's own (the API's "Too many requests"), where the box stands for a
   * part of the page that stopped and should say so (the live feed's refusal); the message is then always shown.
   */
  title?: string | undefined;
}

export function ErrorAlert({ error, inlineFields = [], title: heading }: Props) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const others =
    error instanceof ApiError
      ? listedFieldErrors(error).filter((e) => !inlineFields.some((f) => e.path === f || e.path.startsWith(`${f}.`)))
      : [];
  const title = heading ?? errorTitle(t, error);
  const message = errorMessage(t, error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {message !== title && <Text size="sm">{message}</Text>}
      {others.length > 0 && (
        <List size="sm" mt="xs">
          {others.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>{e.path ? `${e.path}: ${fieldErrorText(i18n, e)}` : fieldErrorText(i18n, e)}</List.Item>
          ))}
        </List>
      )}
      {error instanceof ApiError && error.requestId && (
        <Text size="xs" mt="xs">
          {t('errors.requestId', { id: error.requestId })}
        </Text>
      )}
    </Alert>
  );
}
