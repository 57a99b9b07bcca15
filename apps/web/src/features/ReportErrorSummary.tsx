/**
 * What stops a report from being sent, listed above the form: each identifier the live preview could
 * not read, linked to its field. It takes focus when a submit is blocked, so a screen reader hears the
 * problems and a keyboard user goes from the list to each field in turn.
 */
import { Alert, Anchor, List, Text } from '@mantine/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { NormaliseResult } from '../api/intel-types';
import { normalisePreviewError } from '../lib/normalise-error';
import type { RowPreview } from './useNormalisePreview';

export interface PreviewProblem {
  /** The row's position (0-based), as the API numbers it. */
  index: number;
  /** The row's field the problem is in (`value`, `country`, `bankCode`…). */
  field: string;
  error: NonNullable<NormaliseResult['error']>;
}

/** The rows the preview refused, in form order: only a current answer counts (a pending one is no judgement). */
export function previewProblems(rows: readonly { key: string }[], previews: Record<string, RowPreview>): PreviewProblem[] {
  return rows.flatMap((row, index) => {
    const result = previews[row.key]?.result;
    if (!result || result.ok || !result.error) return [];
    return [{ index, field: result.error.field ?? 'value', error: result.error }];
  });
}

/** The id of a row's field, which the summary links to. */
export const indicatorFieldId = (index: number, field: string) => `report-indicator-${index}-${field}`;

/** Moves focus to the field of a problem: its own input when it has an id, else the row's invalid or value field. */
function focusField(problem: PreviewProblem) {
  const row = document.querySelector<HTMLElement>(`[data-testid="indicator-row-${problem.index}"]`);
  const target =
    document.getElementById(indicatorFieldId(problem.index, problem.field)) ??
    row?.querySelector<HTMLElement>('input[aria-invalid="true"], textarea[aria-invalid="true"]') ??
    document.getElementById(indicatorFieldId(problem.index, 'value'));
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

export const ReportErrorSummary = forwardRef<HTMLDivElement, { problems: PreviewProblem[] }>(function ReportErrorSummary({ problems }, ref) {
  const { t, i18n } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <Alert ref={ref} tabIndex={-1} color="red" variant="light" role="alert" aria-labelledby="report-error-summary-title" data-testid="report-error-summary" title={<span id="report-error-summary-title">{t('reportErrorSummary.title', { count: problems.length })}</span>}>
      <Text size="sm" mb="xs">
        {t('reportErrorSummary.intro')}
      </Text>
      <List size="sm" spacing={4}>
        {problems.map((problem) => (
          <List.Item key={`${problem.index}-${problem.field}`}>
            <Anchor
              href={`#${indicatorFieldId(problem.index, problem.field)}`}
              data-testid={`report-error-link-${problem.index}`}
              onClick={(event) => {
                event.preventDefault();
                focusField(problem);
              }}
            >
              {t('reportErrorSummary.problem', { number: problem.index + 1, message: normalisePreviewError(i18n, problem.error) })}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
});
