import { Alert, Badge, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLinkDecisionPreview } from '../../api/networks-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { splitPreviewText } from './split-preview';

/**
 * What a "does not link" on the identifier would split, asked of the server when the dialog opens
 * (computed by the code that records it), so that a split does not surprise the reviewer after the click.
 * A refusal (partners' hidden reports) is the decision's own, said before the reason is typed.
 */
export function DecisionPreview({ indicatorId }: { indicatorId: string }) {
  const { t, i18n } = useTranslation();
  const preview = useLinkDecisionPreview(indicatorId);
  if (preview.isPending) {
    return (
      <Group gap="xs" data-testid="decision-preview" data-state="loading">
        <Loader size="xs" />
        <Text size="sm">{t('networks.decision.preview.loading')}</Text>
      </Group>
    );
  }
  if (preview.isError) return <ErrorAlert error={preview.error} />;
  const text = splitPreviewText(t, preview.data, i18n.language);
  const splits = text.pieces.length > 0 || text.more !== null;
  return (
    <Alert color={splits ? 'orange' : 'gray'} variant="light" data-testid="decision-preview" data-state={splits ? 'splits' : 'nothing'}>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {text.headline}
        </Text>
        {text.pieces.length > 0 && (
          <List size="sm" spacing={4}>
            {text.pieces.map((piece, i) => (
              <List.Item key={i} data-testid="decision-preview-piece">
                <Text size="sm" span className="break-all">
                  {piece.label}
                </Text>
                {piece.keepsId && (
                  <Badge size="xs" variant="outline" color="gray" ml={6}>
                    {t('networks.decision.preview.keepsId')}
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {piece.facts}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        {text.more && <Text size="xs">{text.more}</Text>}
      </Stack>
    </Alert>
  );
}
