import { useTranslation } from 'react-i18next';
import { sparklinePath } from './sparkline';

/** Reports per week as a small inline SVG line, with the numbers in its accessible name. */
export function Sparkline({ values, width = 96, height = 24 }: { values: readonly number[]; width?: number; height?: number }) {
  const { t } = useTranslation();
  const label = t('networks.sparklineLabel', { weeks: values.length, values: values.join(', ') });
  const path = sparklinePath(values, width, height);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="sparkline">
      <title>{label}</title>
      <line x1={0} x2={width} y1={height - 1} y2={height - 1} stroke="var(--mantine-color-gray-3)" strokeWidth={1} />
      {path && <path d={path} fill="none" stroke="var(--mantine-color-blue-7)" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />}
    </svg>
  );
}
