import { Alert, Badge, Group, List, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLinkDecisionPreview } from '../../api/networks-queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { mergePreviewText } from './merge-preview';
import { splitPreviewText } from './split-preview';

/**
 * What a decision on the identifier would do, asked of the server when the dialog opens (computed by the
 * code that records it), so that a split or a merge does not surprise the reviewer after the click: what a
 * "does not link" would split, what a "confirm link" would merge. A refusal (partners' hidden reports) is
 * the decision's own, said before the reason is typed.
 */
export function DecisionPreview({ indicatorId, decision }: { indicatorId: string; decision: 'no_link' | 'confirm_link' }) {
  return decision === 'no_link' ? <SplitPreview indicatorId={indicatorId} /> : <MergePreview indicatorId={indicatorId} />;
}

function SplitPreview({ indicatorId }: { indicatorId: string }) {
  const { t, i18n } = useTranslation();
  const preview = useLinkDecisionPreview(indicatorId, 'no_link');
  if (preview.isPending) return <PreviewLoading text={t('networks.decision.preview.loading')} />;
  if (preview.isError) return <ErrorAlert error={preview.error} />;
  const text = splitPreviewText(t, preview.data, i18n.language);
  const splits = text.pieces.length > 0 || text.more !== null;
  return (
    <PreviewAlert state={splits ? 'splits' : 'nothing'} headline={text.headline} more={text.more} note={text.note}>
      {text.pieces.length > 0 && (
        <List size="sm" spacing={4}>
          {text.pieces.map((piece, i) => (
            <List.Item key={i} data-testid="decision-preview-piece">
              <Text size="sm" span className="break-all">
                {piece.label}
              </Text>
              {piece.keepsId && <KeepsId text={t('networks.decision.preview.keepsId')} />}
              <Text size="xs" c="dimmed">
                {piece.facts}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </PreviewAlert>
  );
}

function MergePreview({ indicatorId }: { indicatorId: string }) {
  const { t, i18n } = useTranslation();
  const preview = useLinkDecisionPreview(indicatorId, 'confirm_link');
  if (preview.isPending) return <PreviewLoading text={t('networks.decision.preview.loadingMerge')} />;
  if (preview.isError) return <ErrorAlert error={preview.error} />;
  const text = mergePreviewText(t, preview.data, i18n.language);
  return (
    <PreviewAlert state={text.merged ? 'merges' : 'nothing'} headline={text.headline} more={text.more}>
      {text.merged && (
        <>
          <div data-testid="decision-preview-merged">
            <Text size="sm" className="break-all">
              {text.merged.label}
            </Text>
            <Text size="xs" c="dimmed">
              {text.merged.facts}
            </Text>
          </div>
          <Text size="xs">{t('networks.decision.preview.mergedFrom')}</Text>
          <List size="sm" spacing={2}>
            {text.networks.map((network, i) => (
              <List.Item key={i} data-testid="decision-preview-network">
                <Text size="sm" span>
                  {network.label}
                </Text>
                {network.keepsId && <KeepsId text={t('networks.decision.preview.keepsOwnId')} />}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </PreviewAlert>
  );
}

function PreviewLoading({ text }: { text: string }) {
  return (
    <Group gap="xs" data-testid="decision-preview" data-state="loading">
      <Loader size="xs" />
      <Text size="sm">{text}</Text>
    </Group>
  );
}

/** Orange when the decision would change networks (a split, a merge), grey when it would change none. */
function PreviewAlert({ state, headline, more, note = null, children }: { state: 'splits' | 'merges' | 'nothing'; headline: string; more: string | null; note?: string | null; children: ReactNode }) {
  return (
    <Alert color={state === 'nothing' ? 'gray' : 'orange'} variant="light" data-testid="decision-preview" data-state={state}>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {headline}
        </Text>
        {children}
        {more && <Text size="xs">{more}</Text>}
        {note && (
          <Text size="xs" c="dimmed" data-testid="decision-preview-note">
            {note}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function KeepsId({ text }: { text: string }) {
  return (
    <Badge size="xs" variant="outline" color="gray" ml={6}>
      {text}
    </Badge>
  );
}
