import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Browser tests are retried once (vitest.config.ts): on this 2-core machine a test may lose a race with its
 * own keystrokes (a key pressed before the list it acts on was drawn), and a red run costs a session's work.
 * A test that passes only on its retry is no pass to forget: the run ends by naming it, so it is seen and
 * its race fixed.
 */
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    if (testCase.diagnostic()?.flaky) this.flaky.push(`${relative(process.cwd(), testCase.module.moduleId)} > ${testCase.fullName}`);
  }

  onTestRunEnd(): void {
    if (this.flaky.length === 0) return;
    process.stdout.write(`\nFLAKY: ${this.flaky.length} browser test(s) passed only when retried — fix their race:\n${this.flaky.map((name) => `  - ${name}`).join('\n')}\n`);
  }
}
