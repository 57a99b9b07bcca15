import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: whole numbers', () => {
  it('takes defaults when a variable is unset or empty, and digits as written', () => {
    expect(loadConfig({}).port).toBe(8080);
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
    expect(loadConfig({ PORT: '9090' }).port).toBe(9090);
    expect(loadConfig({ DB_POOL_SIZE: ' 4 ' }).dbPoolSize).toBe(4);
    expect(loadConfig({ INGEST_WORKERS: '0' }).ingestWorkers).toBe(0);
  });

  it('refuses what Number() would quietly read as some other number, naming the variable and the value', () => {
    for (const bad of ['1e3', '0x50', '80.0', '-1', '8080 9090', 'abc', '+80']) {
      expect(problemsOf({ PORT: bad }), bad).toEqual([`PORT: must be a whole number from 0 to 65,535 (got ${JSON.stringify(bad)})`]);
    }
  });

  it('refuses numbers out of range and reports every bad variable at once', () => {
    expect(problemsOf({ PORT: '65536', DB_POOL_SIZE: '0', SQLITE_CACHE_MB: 'lots' })).toEqual([
      'PORT: must be a whole number from 0 to 65,535 (got "65536")',
      'DB_POOL_SIZE: must be a whole number from 1 to 200 (got "0")',
      'SQLITE_CACHE_MB: must be a whole number from 2 to 4,096 (got "lots")',
    ]);
  });

  it('quotes at most 40 characters of a long value', () => {
    const [problem] = problemsOf({ DEMO_REPORTS: 'x'.repeat(5000) });
    expect(problem!.length).toBeLessThan(120);
  });
});
