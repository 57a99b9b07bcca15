import { Alert, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedWebhook, Webhook, WebhookTestResult } from '../../api/intel-types';
import { useCreateWebhook, useDeleteWebhook, useNewWebhookSecret, useSetWebhookStatus, useTestWebhook, useWebhooks } from '../../api/watch-queries';
import { AppModal } from '../../components/AppModal';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RowDangerButton } from '../../components/RowDangerButton';
import { SecretField } from '../../components/SecretField';
import { StateLabel } from '../../components/StatusBadge';
import { TableScroll } from '../../components/TableScroll';
import { TableState } from '../../components/TableState';
import { errorMessage, fieldError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { importerCodeMessage } from '../../lib/importer-codes';
import { WebhookDeliveryState } from './WebhookDeliveryState';

const VERIFY_SNIPPET = `// Node.js: verify a GPOS webhook before trusting it
import { createHmac, timingSafeEqual } from 'node:crypto';

function isFromGpos(rawBody, header, secret) {
  const expected = 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex');
  return header?.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}
// isFromGpos(rawBodyBuffer, request.headers['x-gpos-signature'], process.env.GPOS_WEBHOOK_SECRET)`;

/** A signing secret as it is shown, once: after a webhook is added, or given a new secret. */
type ShownSecret = CreatedWebhook & { renewed: boolean };

/**
 * The organisation's webhooks on the watchlists page: each with its status and how its deliveries stand,
 * and what its owners may do with it — pause or resume it, send it a test delivery, give it a new signing
 * secret (shown once, as at creation), delete it — and the form that adds one.
 */
export function WebhookSection() {
  const { t, i18n } = useTranslation();
  const list = useWebhooks();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const setStatus = useSetWebhookStatus();
  const renew = useNewWebhookSecret();
  const test = useTestWebhook();
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | undefined>();
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [renewing, setRenewing] = useState<Webhook | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(url.trim()).protocol);
    } catch {
      valid = false;
    }
    setUrlError(valid ? undefined : t('webhooks.urlInvalid'));
    if (!valid) return;
    create.mutate(url.trim(), {
      onSuccess: (result) => {
        setShown({ ...result, renewed: false });
        setUrl('');
      },
    });
  };

  const toggle = (w: Webhook) => {
    const status = w.status === 'active' ? 'paused' : 'active';
    setStatus.mutate(
      { id: w.id, status },
      {
        onSuccess: () => {
          const notice = status === 'paused' ? 'webhooks.pausedNotice' : w.deliveries.pending > 0 ? 'webhooks.resumedNotice' : 'webhooks.resumedNothingWaiting';
          notifications.show({ color: 'green', message: t(notice, { url: w.url }) });
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
      },
    );
  };

  // Why a test failed in the reader's language, by its code; the server's English when this client has no text for it.
  const testFailureText = (result: WebhookTestResult) =>
    (result.errorCode && importerCodeMessage(i18n, 'webhook', result.errorCode, result.httpStatus === null ? {} : { status: result.httpStatus })) || (result.error ?? '');

  // The answer of a test says what the receiver did: a 2xx, another status, or no answer and why.
  const sendTest = (w: Webhook) =>
    test.mutate(w.id, {
      onSuccess: (result) =>
        notifications.show(
          result.delivered
            ? { color: 'green', message: t('webhooks.testDelivered', { url: w.url, status: result.httpStatus, ms: result.durationMs }) }
            : { color: 'red', autoClose: false, message: t('webhooks.testFailed', { url: w.url, error: testFailureText(result) }) },
        ),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
    });

  return (
    <section>
      <Title order={2} size="h3" id="webhooks-title" mb="xs">
        {t('webhooks.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('webhooks.explain')}
      </Text>
      <ErrorAlert error={list.error} />
      <TableScroll label={t('webhooks.title')} minWidth={860}>
        <Table striped verticalSpacing="xs" aria-labelledby="webhooks-title" data-testid="webhooks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">URL</Table.Th>
              <Table.Th scope="col">{t('common.status')}</Table.Th>
              <Table.Th scope="col">{t('webhooks.deliveries')}</Table.Th>
              <Table.Th scope="col">{t('watchlists.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TableState
              columns={5}
              query={list}
              rows={rows.length}
              empty={
                <Text size="sm" role="status" data-testid="webhooks-empty">
                  {t('webhooks.empty')}
                </Text>
              }
            />
            {rows.map((w) => (
              <Table.Tr key={w.id} data-testid="webhook-row">
                <Table.Td className="break-all">
                  <Code>{w.url}</Code>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <StateLabel label={t(`webhooks.status.${w.status}`)} colour={w.status === 'active' ? 'green' : 'gray'} />
                    {w.status === 'paused' && (
                      <Text size="sm" c="dimmed" data-testid="webhook-paused">
                        {t('webhooks.pausedExplain')}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td miw={260}>
                  <WebhookDeliveryState webhook={w} />
                </Table.Td>
                <Table.Td className="nowrap">{formatDateTime(w.createdAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="wrap">
                    <Button
                      size="xs"
                      variant="default"
                      loading={setStatus.isPending && setStatus.variables?.id === w.id}
                      aria-label={t(w.status === 'active' ? 'webhooks.pauseNamed' : 'webhooks.resumeNamed', { url: w.url })}
                      onClick={() => toggle(w)}
                      data-testid="webhook-pause"
                    >
                      {t(w.status === 'active' ? 'webhooks.pause' : 'webhooks.resume')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      loading={test.isPending && test.variables === w.id}
                      aria-label={t('webhooks.testNamed', { url: w.url })}
                      onClick={() => sendTest(w)}
                      data-testid="webhook-test"
                    >
                      {t('webhooks.test')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('webhooks.newSecretNamed', { url: w.url })}
                      onClick={() => {
                        renew.reset();
                        setRenewing(w);
                      }}
                      data-testid="webhook-new-secret"
                    >
                      {t('webhooks.newSecret')}
                    </Button>
                    <RowDangerButton
                      label={t('webhooks.deleteNamed', { url: w.url })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(w);
                      }}
                    >
                      {t('common.delete')}
                    </RowDangerButton>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <form onSubmit={submit} noValidate aria-labelledby="webhook-add">
        <Title order={3} size="h5" id="webhook-add" mt="lg" mb="xs">
          {t('webhooks.add')}
        </Title>
        <ErrorAlert error={create.error} inlineFields={['url']} />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('webhooks.url')}
            placeholder="https://siem.example.org/gpos"
            type="url"
            required
            maxLength={2048}
            value={url}
            onChange={(e) => {
              setUrl(e.currentTarget.value);
              setUrlError(undefined);
            }}
            error={urlError ?? fieldError(create.error, 'url')}
            style={{ flex: '1 1 320px' }}
          />
          <Button type="submit" mt={{ base: 0, xs: 25 }} loading={create.isPending}>
            {t('webhooks.addButton')}
          </Button>
        </Group>
      </form>

      {shown && <WebhookSecretModal shown={shown} onClose={() => setShown(null)} />}
      <ConfirmDialog
        opened={renewing !== null}
        title={t('webhooks.newSecretTitle')}
        message={renewing ? t('webhooks.newSecretConfirm', { url: renewing.url }) : ''}
        confirmLabel={t('webhooks.newSecret')}
        loading={renew.isPending}
        error={renew.error}
        onConfirm={() =>
          renewing &&
          renew.mutate(renewing.id, {
            onSuccess: (result) => {
              setRenewing(null);
              setShown({ ...result, renewed: true });
            },
          })
        }
        onClose={() => setRenewing(null)}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title={t('webhooks.deleteTitle')}
        message={deleting ? t('webhooks.deleteConfirm', { url: deleting.url }) : ''}
        confirmLabel={t('common.delete')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}

/** The secret, shown this once, with how a receiver checks the signature it makes. */
function WebhookSecretModal({ shown, onClose }: { shown: ShownSecret; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} title={t(shown.renewed ? 'webhooks.newSecretShownTitle' : 'webhooks.secretTitle')} dismissible={false} size="lg">
      <Stack>
        <Text size="sm">{t(shown.renewed ? 'webhooks.newSecretIntro' : 'webhooks.secretIntro', { url: shown.webhook.url })}</Text>
        <SecretField label={t('webhooks.secret')} value={shown.secret} testId="webhook-secret" />
        <Alert color="yellow" variant="light" title={t('apiKeys.secretOnceTitle')} role="note">
          {t('webhooks.secretOnce')}
        </Alert>
        <Text size="sm">{t('webhooks.signatureExplain')}</Text>
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {VERIFY_SNIPPET}
        </Code>
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            {t('common.done')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
