/**
 * Loaded by mocha before any test file (.mocharc.json "require"): when MOCHA_FILE_TIMES names a file,
 * appends one JSON line per test file — `{"file", "seconds", "cpu"}`: the wall time since the worker
 * finished its previous file (or started), so the file's import time counts too, and the CPU seconds
 * (user+sys) of the worker and of the child processes it waited for (the sf CLI, scripts, Chromium)
 * in that time — so `npm test` can list the files that take the longest (with `--parallel` each file
 * is a root suite of its own and this root hook runs once per file). Without the variable it does
 * nothing.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'mocha';

const target = process.env.MOCHA_FILE_TIMES;

/** CPU seconds of this process (all its threads) and of its finished, waited-for children (Linux). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // fields after "(comm) ": state is index 0, so cutime and cstime (fields 16 and 17) are 13 and 14
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // not Linux: the worker's own CPU only
  }
  return (own.user + own.system) / 1e6 + (Number.isFinite(children) ? children : 0);
}

let last = performance.now();
let lastCpu = target ? cpuSeconds() : 0;

export const mochaHooks = target
  ? {
      afterAll(this: Context): void {
        const root = this.test?.parent;
        const file = root?.suites[0]?.file ?? root?.file ?? 'unknown';
        const now = performance.now();
        const cpu = cpuSeconds();
        const seconds = (now - last) / 1000;
        const line = { file: path.relative(process.cwd(), file), seconds, cpu: cpu - lastCpu };
        last = now;
        lastCpu = cpu;
        appendFileSync(target, `${JSON.stringify(line)}\n`);
      }
    }
  : {};
