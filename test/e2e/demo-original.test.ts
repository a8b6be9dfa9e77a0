/** `npm run demo:original` as a process: the original session-id batch fails on the local org as it fails in an org. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('npm run demo:original (process)', function () {
  this.timeout(300_000);
  it('reproduces INVALID_SESSION_ID and, with more than 100 currencies in a chunk, the callout limit', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo-original.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, CI: 'true', NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE },
      timeout: 280_000
    });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(
      /1\) 15 active currencies[^\n]*\n\s+AsyncApexJob Completed, errors 1\/1: First error: 15 callout\(s\) failed; first: [A-Z]{3}: 401 [^\n]*INVALID_SESSION_ID/
    );
    expect(r.stdout).to.match(
      /2\) 130 active currencies[^\n]*\n\s+AsyncApexJob Completed, errors 1\/1: First error: Too many callouts: 101/
    );
  });
});
