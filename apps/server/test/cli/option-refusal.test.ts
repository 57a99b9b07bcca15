import { CONTROL_CHARACTERS, createUserSchema, idSchema, passwordSchema } from '@gpos/contracts';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { EXIT, fileRefusal, fileRefusalText, notAnId, optionRefusal, optionRefusalText, parseWith, PATH_QUOTE_CHARS, UsageError, unwritableReason } from '../../src/cli/cli-support.js';

/** What parseWith refuses `value` with; null when it takes it. */
const refusalOf = (run: () => unknown): UsageError | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
};

describe('optionRefusal: every refusal of what was typed in one style, `--option: <problem> (got "<value>")`', () => {
  it('names the option, says the problem, then quotes the value as the API quotes one; exit 2', () => {
    const refusal = optionRefusal('--cursor', 'is not a cursor this list printed', 'abc');
    expect(refusal.message).toBe('--cursor: is not a cursor this list printed (got "abc")');
    expect(refusal.exitCode).toBe(EXIT.USAGE);
    expect(optionRefusalText('--as', 'no user has this email', 'a"b@example.org')).toBe('--as: no user has this email (got "a\\"b@example.org")');
  });

  it('quotes nothing for empty text: the problem says what is missing', () => {
    expect(optionRefusalText('--since', 'must be a day', '')).toBe('--since: must be a day');
    expect(fileRefusalText('--out', 'is not a file', '')).toBe('--out: is not a file');
  });

  it('writes out every character a terminal could take for a control or that turns the line around, and bounds the quote', () => {
    for (let code = 0; code <= 0x2069; code += 1) {
      const ch = String.fromCharCode(code);
      if (!CONTROL_CHARACTERS.test(ch)) continue;
      const said = optionRefusalText('--indicator', 'is not a hit handle', `hit-${ch}x`);
      expect(CONTROL_CHARACTERS.test(said), `U+${code.toString(16)}`).toBe(false);
      expect(fileRefusalText('--out', 'already exists', `dir/${ch}x`)).not.toMatch(CONTROL_CHARACTERS);
    }
    expect(optionRefusalText('--report', 'is not a report id', 'r\u202e1')).toBe('--report: is not a report id (got "r\\u202E1")');
    expect(optionRefusalText('--action', 'is too long', 'x'.repeat(5000))).toBe(`--action: is too long (got "${'x'.repeat(59)}…")`);
  });

  it('quotes a file name longer before cutting it, since its end tells it from another', () => {
    const file = `/srv/exports/${'d/'.repeat(60)}network.json`;
    expect(fileRefusal('--out', 'already exists; choose a new file name', file).message).toBe(`--out: already exists; choose a new file name (got ${JSON.stringify(file)})`);
    const long = 'x'.repeat(1000);
    expect(fileRefusalText('<file>', 'is a directory', long)).toBe(`<file>: is a directory (got "${'x'.repeat(PATH_QUOTE_CHARS - 1)}…")`);
  });

  it('says a malformed id by its kind and where to find one', () => {
    expect(notAnId('<id>', 'n-1', 'network')).toBe('<id>: is not a network id (a UUID: see `gpos networks list`) (got "n-1")');
    expect(notAnId('--from', 'r-1', 'report')).toBe('--from: is not a report id (a UUID: see the report nodes of `gpos networks export <id>`) (got "r-1")');
  });

  it('says why a file could not be made without its name (quoted beside it), safe for a terminal', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/srv/x\u001b[2J.json'"), { code: 'EACCES' });
    expect(unwritableReason(error)).toBe('EACCES: permission denied');
    expect(unwritableReason(new Error('odd \u202e reason'))).toBe('odd <U+202E> reason');
  });
});

describe('parseWith: the API schema’s refusals by option, the value quoted', () => {
  it('quotes the value each option gave, as the API quotes a field', () => {
    const schema = z.strictObject({ note: z.string().min(5, { message: 'must be 5 or more characters' }), limit: z.number().max(3, { message: 'too big' }) });
    expect(refusalOf(() => parseWith(schema, { note: 'no', limit: 9 }, { note: '--note', limit: '--limit' }))?.message).toBe('--note: must be 5 or more characters (got "no"); --limit: too big (got 9)');
  });

  it('says a malformed id by its kind when the command names it, a list’s item by its place', () => {
    const schema = z.strictObject({ organisationId: idSchema, reportIds: z.array(idSchema) });
    const refusal = refusalOf(() => parseWith(schema, { organisationId: 'lotus', reportIds: ['01a236d3-41cc-739e-a113-6ed0345f7100', 'r-2'] }, { organisationId: '--org', reportIds: '--report' }, { organisationId: 'organisation', reportIds: 'report' }));
    expect(refusal?.message).toBe(
      '--org: is not an organisation id (a UUID: see `gpos org list`) (got "lotus"); --report (reportIds.1): is not a report id (a UUID: see the report nodes of `gpos networks export <id>`) (got "r-2")',
    );
    // Without a kind, the API's words.
    expect(refusalOf(() => parseWith(schema, { organisationId: 'lotus', reportIds: [] }, { organisationId: '--org' }))?.message).toBe('--org: must be a UUID (got "lotus")');
  });

  it('never quotes a password, whether its field or the variable that gave it says so', () => {
    expect(refusalOf(() => parseWith(passwordSchema, 'my secret', { '': 'GPOS_NEW_PASSWORD' }))?.message).toBe('GPOS_NEW_PASSWORD: must be at least 12 characters');
    const user = { organisationId: '01a236d3-41cc-739e-a113-6ed0345f7100', email: 'a@example.org', displayName: 'A', role: 'viewer', password: 'short' };
    const refusal = refusalOf(() => parseWith(createUserSchema, user, { password: '--new' }));
    expect(refusal?.message).toMatch(/^--new: /);
    expect(refusal?.message).not.toContain('short"');
  });
});
