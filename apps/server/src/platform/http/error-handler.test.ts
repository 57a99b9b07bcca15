import { describe, expect, it } from 'vitest';
import { writeConflictOf } from './error-handler.js';

describe('write conflicts', () => {
  it('answers 409 for what both engines raise when a concurrent write got there first, and nothing else', () => {
    const errors = [
      { code: '23505', constraint: 'federation_peers_name_key' },
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: federation_peers.name' },
      { code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: 'UNIQUE constraint failed: x.id' },
      { code: '23503', constraint: 'markings_community_id_fkey' },
      { code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' },
      { code: '40P01' },
      { code: '40001' },
    ];
    for (const error of errors) expect(writeConflictOf(Object.assign(new Error('driver'), error))).toMatchObject({ status: 409, code: 'conflict' });
    expect(writeConflictOf(Object.assign(new Error('driver'), { code: '40P01' }))?.details.headers).toEqual({ 'retry-after': '1' });
    for (const other of [new Error('boom'), Object.assign(new Error('x'), { code: '42P01' }), Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }), null, 'text']) expect(writeConflictOf(other)).toBeNull();
  });
});
