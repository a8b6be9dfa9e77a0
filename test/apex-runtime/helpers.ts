/** Test helpers: run anonymous Apex (optionally with classes) and read the USER_DEBUG messages. */
import { expect } from 'chai';
import { ApexRuntime, executeAnonymous, type ExecuteAnonymousResult } from '../../src/local-org/apex/index.js';
import { FakeDataLayer, fakeOrg } from './fake-data-layer.js';

export interface RunOutcome extends ExecuteAnonymousResult {
  /** The message part of each USER_DEBUG line. */
  readonly out: string[];
  readonly data: FakeDataLayer;
}

export function run(source: string, classes: Record<string, string> = {}, data = new FakeDataLayer()): RunOutcome {
  const runtime = new ApexRuntime(fakeOrg(data));
  const files = Object.entries(classes).map(([name, body]) => ({ name, body }));
  if (files.length) {
    const r = runtime.compile(files);
    if (!r.success) throw new Error('compile failed: ' + JSON.stringify(r.problems));
  }
  const res = executeAnonymous(source, { runtime });
  // A USER_DEBUG entry runs until the next timestamped log line (messages may contain newlines).
  const out: string[] = [];
  let current: string[] | null = null;
  for (const line of res.debugLog.split('\n')) {
    if (/^\d\d:\d\d:\d\d\.\d+ \(\d+\)\|/.test(line)) {
      if (current) out.push(current.join('\n'));
      current = line.includes('|USER_DEBUG|') ? [line.split('|').slice(4).join('|')] : null;
    } else if (current) current.push(line);
  }
  return { ...res, out, data };
}

/** Runs and expects success; returns the debug messages. */
export function debugOf(source: string, classes: Record<string, string> = {}): string[] {
  const r = run(source, classes);
  expect(r.compileProblem, 'compile problem').to.equal(null);
  expect(r.exceptionMessage, 'exception').to.equal(null);
  expect(r.success).to.equal(true);
  return r.out;
}

/** Runs and expects an unhandled exception; returns its message ("Type: message"). */
export function failureOf(source: string, classes: Record<string, string> = {}): RunOutcome {
  const r = run(source, classes);
  expect(r.compiled, `compile problem: ${r.compileProblem}`).to.equal(true);
  expect(r.success).to.equal(false);
  return r;
}
