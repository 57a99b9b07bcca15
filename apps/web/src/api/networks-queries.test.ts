import { describe, expect, it } from 'vitest';
import { linkingLagsStatus, type IndicatorLinking } from './networks-queries';

const linking = (over: Partial<IndicatorLinking>): IndicatorLinking => ({ links: false, networkId: null, hold: null, decision: null, decisionRefused: null, ...over });

describe('linkingLagsStatus (the Linking section reads again until the linker has applied a status change)', () => {
  it('lags while a false positive still links, or an indicator back from false positive is still held as one', () => {
    expect(linkingLagsStatus(linking({ links: true, networkId: '01a226c7-6067-723e-8ab5-6284f08e91c2' }), 'false_positive')).toBe(true);
    expect(linkingLagsStatus(linking({ hold: { reason: 'false_positive', degree: 3, threshold: 50 } }), 'active')).toBe(true);
    // A hub held for its degree is held as a false positive once the linker has seen the new status.
    expect(linkingLagsStatus(linking({ hold: { reason: 'high_degree', degree: 93, threshold: 50 } }), 'false_positive')).toBe(true);
  });

  it('lets an analyst’s decision outrank the status: it is applied before its answer', () => {
    const decision = { decision: 'confirm_link' as const, decidedBy: 'UNOSC', decidedAt: '2026-11-29T10:00:00.000Z' };
    expect(linkingLagsStatus(linking({ links: true, decision }), 'false_positive')).toBe(false);
    expect(linkingLagsStatus(linking({ hold: { reason: 'no_link', degree: 3, threshold: 50 }, decision: { ...decision, decision: 'no_link' } }), 'false_positive')).toBe(false);
  });

  it('does not lag once the linker has caught up, whatever else holds the indicator, nor before an answer', () => {
    expect(linkingLagsStatus(linking({ hold: { reason: 'false_positive', degree: 3, threshold: 50 } }), 'false_positive')).toBe(false);
    expect(linkingLagsStatus(linking({ links: true }), 'active')).toBe(false);
    expect(linkingLagsStatus(linking({ hold: { reason: 'high_degree', degree: 93, threshold: 50 } }), 'disputed')).toBe(false);
    expect(linkingLagsStatus(linking({ hold: { reason: 'warninglist', degree: 8, threshold: 50 } }), 'false_positive')).toBe(false);
    expect(linkingLagsStatus(undefined, 'false_positive')).toBe(false);
  });
});
