import { describe, expect, it } from 'vitest';
import { auditSummaryText } from './audit-summary';

describe('an audit summary as the page shows it', () => {
  const summary = { name: 'feed "east" \\ 2', scopes: ['read'], count: 3 };

  it('is the summary’s JSON, escaped once: a quote as \\" and a backslash as \\\\', () => {
    const text = auditSummaryText(summary);
    expect(text).toContain('"name": "feed \\"east\\" \\\\ 2"');
    expect(text).not.toContain('\\\\\\"');
    // Read back, the same summary: nothing escaped twice.
    expect(JSON.parse(text)).toEqual(summary);
  });

  it('writes bidi controls out, still the same JSON when read back', () => {
    const text = auditSummaryText({ name: 'a\u202eb' });
    expect(text).toContain('"a\\u202eb"');
    expect(JSON.parse(text)).toEqual({ name: 'a\u202eb' });
  });
});
