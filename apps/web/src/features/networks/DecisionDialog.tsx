import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type LINK_HOLD_REASONS } from '@gpos/contracts';
import { ApiError } from '../../api/client';
import { useLinkDecision, useUndoLinkDecision } from '../../api/networks-queries';
import { AppModal } from '../../components/AppModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldError } from '../../lib/errors';
import { DecisionPreview } from './DecisionPreview';

/** The server's minimum for a decision's reason (`linkDecisionSchema`, `undoLinkDecisionSchema`). */
export const DECISION_REASON_MIN = 3;

/**
 * What confirming a held identifier would do, as the review queue knows it: how many of the reports the
 * reviewer sees name it, and why it was held. A confirmation joins every network those reports are in,
 * for every partner, so the dialog says so before the click rather than after.
 */
export interface ConfirmImpact {
  reports: number;
  reason: (typeof LINK_HOLD_REASONS)[number];
}

export type DecisionTarget =
  | { kind: 'no_link'; indicatorId: string; display: string }
  | { kind: 'confirm_link'; indicatorId: string; display: string; impact?: ConfirmImpact }
  | { kind: 'undo'; eventId: string; display: string };

/**
 * Asks for the reason, then records "does not link" or "confirm link" (after showing what it would split or
 * merge: DecisionPreview), or an undo. `onDone` runs after the
 * server answered, so the caller can look where the reports went (a no-link may split the network).
 */
export function DecisionDialog({
  target,
  onClose,
  onDone,
  refusal,
}: {
  target: DecisionTarget;
  onClose: () => void;
  onDone?: (answer: unknown) => void;
  /** A refusal said in the page's own words (an undo refused: what it was, and who undid it meanwhile); null for the usual error box. */
  refusal?: (error: unknown) => ReactNode | null;
}) {
  const { t } = useTranslation();
  const decide = useLinkDecision();
  const undo = useUndoLinkDecision();
  const mutation = target.kind === 'undo' ? undo : decide;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  // Each refused attempt (reason too short) brings the reason and its error into view, however far the
  // preview above had scrolled the body: the buttons stay in the footer, the reason may not be in sight.
  const [attempt, setAttempt] = useState(0);
  const reasonBox = useRef<HTMLDivElement>(null);
  const reasonInput = useRef<HTMLTextAreaElement>(null);
  const formId = useId();
  useEffect(() => {
    if (attempt === 0) return;
    reasonInput.current?.focus({ preventScroll: true });
    // After the error's line is laid out (the autosized field settles a frame later).
    const frame = requestAnimationFrame(() => reasonBox.current?.scrollIntoView?.({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [attempt]);
  const said = mutation.error && refusal ? refusal(mutation.error) : null;
  // Refused because the network changed meanwhile (another analyst decided first: 409), the preview
  // describes what no longer holds: it is not shown beside the refusal that says so.
  const previewStale = mutation.error instanceof ApiError && mutation.error.status === 409;
  const texts = {
    no_link: { title: t('networks.decision.noLinkTitle'), explain: t('networks.decision.noLinkExplain'), submit: t('networks.decision.submitNoLink'), done: t('networks.decision.doneNoLink') },
    confirm_link: { title: t('networks.decision.confirmTitle'), explain: t('networks.decision.confirmExplain'), submit: t('networks.decision.submitConfirm'), done: t('networks.decision.doneConfirm') },
    undo: { title: t('networks.decision.undoTitle'), explain: t('networks.decision.undoExplain'), submit: t('networks.decision.submitUndo'), done: t('networks.decision.doneUndo') },
  }[target.kind];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    const tooShort = trimmed.length < DECISION_REASON_MIN;
    setError(tooShort ? t('networks.decision.reasonMin', { min: DECISION_REASON_MIN }) : undefined);
    if (tooShort) {
      setAttempt((n) => n + 1);
      return;
    }
    const onSuccess = (answer: unknown) => {
      notifications.show({ color: 'green', message: texts.done });
      onDone?.(answer);
      onClose();
    };
    if (target.kind === 'undo') undo.mutate({ eventId: target.eventId, reason: trimmed }, { onSuccess });
    else decide.mutate({ indicatorId: target.indicatorId, decision: target.kind, reason: trimmed }, { onSuccess });
  };

  return (
    <AppModal
      opened
      onClose={onClose}
      title={texts.title}
      footer={
        // In the dialog's footer, always in view: the preview and the reason scroll above it.
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {/* Refused as things stand (said above): the same request would be refused again. */}
          <Button type="submit" form={formId} loading={mutation.isPending} disabled={Boolean(said)} color={target.kind === 'no_link' ? 'red.9' : undefined}>
            {texts.submit}
          </Button>
        </Group>
      }
    >
      <form id={formId} onSubmit={submit} noValidate data-testid="decision-dialog">
        <Stack>
          <Text size="sm" fw={600} className="break-all">
            {target.display}
          </Text>
          <Text size="sm">{texts.explain}</Text>
          {target.kind === 'no_link' && !previewStale && <DecisionPreview indicatorId={target.indicatorId} decision="no_link" />}
          {target.kind === 'confirm_link' && target.impact && (
            <Alert color={target.impact.reason === 'warninglist' || target.impact.reason === 'high_degree' ? 'red' : 'yellow'} variant="light" data-testid="decision-impact">
              <Stack gap={4}>
                <Text size="sm">{t('networks.decision.impactReports', { count: target.impact.reports })}</Text>
                {(target.impact.reason === 'warninglist' || target.impact.reason === 'high_degree') && <Text size="sm">{t(`networks.decision.impact_${target.impact.reason}`)}</Text>}
              </Stack>
            </Alert>
          )}
          {target.kind === 'confirm_link' && !previewStale && <DecisionPreview indicatorId={target.indicatorId} decision="confirm_link" />}
          {said ? (
            <Alert color="red" variant="light" title={t('networkReview.refused.title')} role="alert" data-testid="undo-refused">
              <Text size="sm">{said}</Text>
            </Alert>
          ) : (
            <ErrorAlert error={mutation.error} inlineFields={['reason']} />
          )}
          <div ref={reasonBox} style={{ scrollMarginBottom: 'var(--mantine-spacing-md)' }}>
            <Textarea
              ref={reasonInput}
              label={t('networks.decision.reason')}
              description={t('networks.decision.reasonHint', { min: DECISION_REASON_MIN, max: LIMITS.description })}
              required
              autosize
              minRows={3}
              maxLength={LIMITS.description}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={error ?? fieldError(mutation.error, 'reason')}
              data-autofocus
            />
          </div>
        </Stack>
      </form>
    </AppModal>
  );
}
