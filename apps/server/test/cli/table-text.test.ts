import { describe, expect, it } from 'vitest';
import { cellText, columnTitle, tableText, textColumns } from '../../src/cli/table-text.js';

describe('the CLI’s tables (gpos org list, user list, apikey list)', () => {
  it('names the columns in words', () => {
    expect(['id', 'organisationId', 'displayName', 'expiresAt', 'createdByUserId', 'shortName', 'status'].map(columnTitle)).toEqual([
      'ID',
      'Organisation ID',
      'Display name',
      'Expires at',
      'Created by user ID',
      'Short name',
      'Status',
    ]);
  });

  it('writes a date-time to the minute in UTC, nothing for null, a list comma-separated', () => {
    expect(cellText('2026-03-01T09:30:15.123Z')).toBe('2026-03-01 09:30 UTC');
    expect(cellText('2026-03-01T16:30:00+07:00')).toBe('2026-03-01 09:30 UTC');
    expect(cellText(null)).toBe('');
    expect(cellText(['read', 'write'])).toBe('read, write');
    // Text that only looks like a date stays as it is.
    expect(cellText('2026-03-01')).toBe('2026-03-01');
    expect(cellText('Lotus\u202eknab')).toBe('Lotus<U+202E>knab');
  });

  it('aligns the columns with spaces: no index column, quotes or box lines, no trailing spaces', () => {
    const rows = [
      { id: 'a1', name: 'Lotus Bank', prefix: 'gpos_ab', scopes: ['read'], expiresAt: null, revokedAt: '2026-02-01T00:00:00.000Z' },
      { id: 'b22', name: 'ธนาคารทดสอบ', prefix: 'gpos_cd', scopes: ['read', 'write'], expiresAt: '2027-01-01T00:00:00.000Z', revokedAt: null },
    ];
    expect(tableText(rows)).toBe(
      [
        'ID   Name         Prefix   Scopes       Expires at            Revoked at',
        'a1   Lotus Bank   gpos_ab  read                               2026-02-01 00:00 UTC',
        'b22  ธนาคารทดสอบ  gpos_cd  read, write  2027-01-01 00:00 UTC',
        '',
      ].join('\n'),
    );
  });

  it('counts a Thai vowel or tone mark above or below its letter as no column of its own', () => {
    expect(textColumns('กรุงไทย')).toBe(6);
    expect(textColumns('น้ำ')).toBe(2);
  });

  it('shows only the columns asked for, in their order', () => {
    expect(tableText([{ id: 'x', email: 'a@b.example', role: 'admin', locale: 'en' }], ['email', 'id'])).toBe('Email        ID\na@b.example  x\n');
  });
});
