import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { indicatorLinkingQuery, linkingLagsStatus, reportNetworkQuery, type IndicatorLinking } from './networks-queries';

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

describe('catch-up reads are background polls (x-gpos-background: they must not keep an unused session alive)', () => {
  const backgroundFlags = (fetchMock: ReturnType<typeof vi.fn>) =>
    fetchMock.mock.calls.map((call) => ((call as unknown as [string, RequestInit])[1].headers as Record<string, string>)['x-gpos-background'] ?? null);
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("an identifier's Linking: the first read is the reader's, reads again (the lag polling) are not", async () => {
    const fetchMock = vi.fn(async () => json(linking({})));
    vi.stubGlobal('fetch', fetchMock);
    const client = new QueryClient();
    const options = indicatorLinkingQuery(client, 'ind-1', 'false_positive');
    await client.fetchQuery(options);
    await client.fetchQuery({ ...options, staleTime: 0 });
    await client.fetchQuery({ ...options, staleTime: 0 });
    expect(backgroundFlags(fetchMock)).toEqual([null, '1', '1']);
  });

  it("a report's network while the linker catches up: asked once by the page, then polled", async () => {
    vi.useFakeTimers();
    const network = { id: 'net-1' };
    const answers = [[], [], [network]];
    const fetchMock = vi.fn(async () => json({ items: answers.shift() ?? [], nextCursor: null }));
    vi.stubGlobal('fetch', fetchMock);
    const pending = new QueryClient().fetchQuery(reportNetworkQuery('rep-1', true));
    await vi.runAllTimersAsync();
    expect(await pending).toEqual(network);
    expect(backgroundFlags(fetchMock)).toEqual([null, '1', '1']);
  });
});
