/**
 * `npm start` end to end, as a user runs it: the local org starts in-process, the toolchain sets it
 * up (deploy with the project's Apex tests, permission set, named principal), runs the batch and
 * verifies; a second run on the same --data-dir creates nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..', '..');

function start(dataDir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--data-dir', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true' },
    timeout: 240_000
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('npm start (the main job on the embedded local org)', function () {
  this.timeout(600_000);
  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'dated-rates-start-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('deploys with tests, authenticates the principal, rolls every currency forward and verifies', () => {
    const first = start(dataDir);
    expect(first.status, first.out).to.equal(0);
    expect(first.out).to.match(/Deploy \w+: Succeeded \(\d+\/\d+ components, RunSpecifiedTests/);
    expect(first.out).to.include('Named principal authenticated.');
    expect(first.out).to.match(/created 15, updated 0, skipped 0, failed 0, callouts 1/);
    expect(first.out).to.match(/All 15 currencies checked: no problems\./);
  });

  it('creates nothing when run again on the same data', () => {
    const second = start(dataDir);
    expect(second.status, second.out).to.equal(0);
    expect(second.out).to.match(/created 0, updated 0, skipped 15, failed 0, callouts 0/);
    expect(second.out).to.match(/All 15 currencies checked: no problems\./);
  });
});
