import { describe, expect, it } from 'vitest';
import { networkIdsIn } from './use-follow-report';

describe('networkIdsIn', () => {
  it('collects the network ids a decision answer names, once each, in order', () => {
    expect(networkIdsIn({ networkId: 'a', networkIds: ['b', 'a'], networks: [{ id: 'c' }, 'd'] })).toEqual(['a', 'b', 'c', 'd']);
    expect(networkIdsIn(null)).toEqual([]);
    expect(networkIdsIn('a')).toEqual([]);
    expect(networkIdsIn({ networks: [{ name: 'x' }] })).toEqual([]);
  });
});
