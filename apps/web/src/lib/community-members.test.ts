import { describe, expect, it } from 'vitest';
import { membersInOrder } from './community-members';

describe('membersInOrder', () => {
  const names = new Map([
    ['b', 'Lotus Bank'],
    ['c', 'Anti-Scam Centre'],
    ['own', 'Cyber Police'],
  ]);

  it("puts the viewer's organisation first, then the others by name, and shows an unknown one by its id's start", () => {
    expect(membersInOrder(['b', 'own', '0190aaaa-bbbb', 'c'], 'own', names)).toEqual([
      { id: 'own', name: 'Cyber Police', own: true },
      { id: '0190aaaa-bbbb', name: '0190aaaa', own: false },
      { id: 'c', name: 'Anti-Scam Centre', own: false },
      { id: 'b', name: 'Lotus Bank', own: false },
    ]);
  });
});
