import { LIMITS, peerCollectionStateSchema } from '@gpos/contracts';
import { describe, expect, it } from 'vitest';
import { collectionsToPull } from './peer-collections.js';

describe('collectionsToPull', () => {
  it('pulls every readable collection when none is chosen, with its title', () => {
    const listed = [{ id: 'a', title: 'Reports', can_read: true }, { id: 'b', can_read: false }, { id: 'c' }];
    expect(collectionsToPull(listed, [])).toEqual({ pull: [{ id: 'a', title: 'Reports' }, { id: 'c', title: null }], notPulled: [] });
  });

  it('pulls the chosen ones and names those the peer does not offer', () => {
    const listed = [{ id: 'a' }, { id: 'b', can_read: false }, { id: 'c' }];
    expect(collectionsToPull(listed, ['a', 'b', 'z'])).toEqual({
      pull: [{ id: 'a', title: null }],
      notPulled: [
        { collectionId: 'b', error: 'the peer does not offer this collection to us (or not readable)' },
        { collectionId: 'z', error: 'the peer does not offer this collection to us (or not readable)' },
      ],
    });
  });

  it('keeps a title without its control characters, right-to-left letters and all, within a name’s bound', () => {
    const { pull } = collectionsToPull([{ id: 'a', title: 'تقارير\u202e\u0000 exe.txt' }, { id: 'b', title: 'x'.repeat(300) }, { id: 'c', title: 7 }], []);
    expect(pull).toEqual([{ id: 'a', title: 'تقارير exe.txt' }, { id: 'b', title: 'x'.repeat(200) }, { id: 'c', title: null }]);
  });

  it('cuts a long title between characters, never inside an emoji, within the contract’s bound', () => {
    // 'x' then emoji: the 200th UTF-16 unit is the first half of an emoji, which `.slice` kept on its own.
    const title = `x${'😀'.repeat(150)}`;
    expect(title.slice(0, LIMITS.name).endsWith('\ud83d')).toBe(true);
    const { pull, notPulled } = collectionsToPull([{ id: 'a', title }, { id: `y${'🏦'.repeat(150)}` }], []);
    expect(pull).toEqual([{ id: 'a', title: `x${'😀'.repeat(99)}` }]);
    expect(peerCollectionStateSchema.shape.title.safeParse(pull[0]!.title).success).toBe(true);
    // A refused id is named within its bound the same way.
    expect(notPulled).toEqual([{ collectionId: `y${'🏦'.repeat(99)}`, error: "the peer's collection id is longer than 200 characters; not pulled" }]);
  });

  it('refuses an id with a control character, too long or no string, naming it without what it was refused for', () => {
    const listed = [{ id: 'reports\u202e' }, { id: 'r\u0000' }, { id: 'x'.repeat(201) }, { id: 42 }, { title: 'no id' }, { id: 'fine' }];
    const { pull, notPulled } = collectionsToPull(listed, []);
    expect(pull).toEqual([{ id: 'fine', title: null }]);
    expect(notPulled).toEqual([
      { collectionId: 'reports', error: expect.stringMatching(/^the peer's collection id contains control characters .*; not pulled$/) },
      { collectionId: 'r', error: expect.stringMatching(/contains control characters/) },
      { collectionId: 'x'.repeat(200), error: "the peer's collection id is longer than 200 characters; not pulled" },
      { collectionId: '42', error: 'the peer lists a collection without an id (a non-empty string); not pulled' },
      { collectionId: '(none)', error: 'the peer lists a collection without an id (a non-empty string); not pulled' },
    ]);
  });

  it('reads an answer without collections as none, and refuses one whose collections are no list', () => {
    expect(collectionsToPull(undefined, [])).toEqual({ pull: [], notPulled: [] });
    expect(() => collectionsToPull({ id: 'a' }, [])).toThrow(/`collections` is not a list/);
  });
});
