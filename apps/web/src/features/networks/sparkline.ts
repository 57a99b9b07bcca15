/**
 * The SVG path of a small line chart of counts (reports per week). Pure, so its geometry is tested
 * without a browser: x spreads the values evenly, y puts 0 on the bottom edge and the largest value on
 * the top edge, inside `pad` pixels.
 */
export function sparklinePath(values: readonly number[], width: number, height: number, pad = 1.5): string {
  if (values.length === 0) return '';
  const max = Math.max(...values.map((v) => (Number.isFinite(v) ? v : 0)), 0);
  const innerW = Math.max(width - pad * 2, 0);
  const innerH = Math.max(height - pad * 2, 0);
  const y = (v: number) => {
    const value = Number.isFinite(v) ? Math.max(v, 0) : 0;
    return round(pad + innerH - (max === 0 ? 0 : (value / max) * innerH));
  };
  if (values.length === 1) {
    // One week only: a flat line across at that level, so there is still something to see.
    const level = y(values[0] ?? 0);
    return `M${round(pad)} ${level}L${round(pad + innerW)} ${level}`;
  }
  const step = innerW / (values.length - 1);
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${round(pad + i * step)} ${y(v)}`).join('');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
