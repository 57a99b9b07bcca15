import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AppModal } from '../../components/AppModal';
import { formatDateTime } from '../../lib/format';

interface Props {
  opened: boolean;
  name: string;
  /** When the same file was uploaded before (ISO time). */
  uploadedAt: string;
  /** Lines that are reports (see idempotencyCoverage), and how many of them have no idempotency key. */
  lines: number;
  withoutKey: number;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * Asked before the very same file (name, size, content hash) is uploaded again: each of its reports
 * without an idempotency key would be created a second time. Cancel has the focus: the safe answer is
 * the one Enter gives.
 */
export function SameFileDialog({ opened, name, uploadedAt, lines, withoutKey, onConfirm, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const time = formatDateTime(uploadedAt, i18n.language);
  return (
    <AppModal opened={opened} onClose={onClose} title={t('bulk.again.title')}>
      <Stack data-testid="bulk-same-file">
        <Text>{t('bulk.again.uploaded', { name, time })}</Text>
        <Text fw={600}>{t('bulk.again.recreated', { count: withoutKey, total: lines })}</Text>
        {withoutKey < lines && <Text size="sm">{t('bulk.again.keyed', { count: lines - withoutKey })}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={onConfirm} data-testid="bulk-same-file-confirm">
            {t('bulk.again.confirm')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
