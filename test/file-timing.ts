/**
 * Loaded by mocha before any test file (.mocharc.json "require"): when MOCHA_FILE_TIMES names a file,
 * appends one JSON line per test file — `{"file", "seconds"}`, the time since the worker finished its previous file (or started), so the
 * file's import time counts too — so `npm test` can list the files that take the longest (with
 * `--parallel` each file is a root suite of its own and this root hook runs once per file). Without
 * the variable it does nothing.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'mocha';

const target = process.env.MOCHA_FILE_TIMES;
let last = performance.now();

export const mochaHooks = target
  ? {
      afterAll(this: Context): void {
        const root = this.test?.parent;
        const file = root?.suites[0]?.file ?? root?.file ?? 'unknown';
        const now = performance.now();
        const seconds = (now - last) / 1000;
        last = now;
        appendFileSync(target, `${JSON.stringify({ file: path.relative(process.cwd(), file), seconds })}\n`);
      }
    }
  : {};
