// Named steps: every step ends with a screenshot in test-results/e2e/<step>.png, so a person
// can look at what the user saw; a failing step names itself and its screenshot in the error.
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './paths';

export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly screenshot: string | undefined,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const where = screenshot ? `screenshot: ${relative(repoRoot, screenshot)}` : 'no screenshot could be taken';
    super(`step "${step}" failed: ${reason}\n(${where})`, { cause });
    this.name = 'StepFailure';
  }
}

export class Steps {
  /** Names of the steps whose screenshot was taken in this session, in order. */
  readonly screenshots: string[] = [];

  constructor(
    private readonly page: Page,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Runs one user-visible step and screenshots the result, failed or not. */
  async run<T>(name: string, action: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await action();
    } catch (error) {
      throw new StepFailure(name, await this.screenshot(name), error);
    }
    const shot = await this.screenshot(name);
    if (!shot) throw new StepFailure(name, undefined, new Error('the screenshot failed'));
    return result;
  }

  /** Path of the screenshot, or undefined when the page is gone. */
  private async screenshot(name: string): Promise<string | undefined> {
    const path = join(this.dir, `${name}.png`);
    try {
      await this.page.screenshot({ path, timeout: 15_000 });
      this.screenshots.push(name);
      return path;
    } catch {
      return undefined;
    }
  }
}
