/**
 * `npm start -- --source ecb` end to end, as a user runs it (the script, not the commands): the ECB feeds are
 * generated for the org's clock and served offline, the batch takes every rate from them, verify checks each
 * rate's source; a second run on the same --data-dir creates nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..', '..');

function start(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE
    },
    timeout: 400_000
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('npm start -- --source ecb (offline ECB feeds, the script as a user runs it)', function () {
  this.timeout(900_000);
  let dataDir: string;
  before(() => (dataDir = mkdtempSync(join(tmpdir(), 'dated-rates-start-ecb-'))));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates every rate from the generated ECB feeds and prints them; a second run creates nothing', () => {
    const first = start(['--data-dir', dataDir, '--source', 'ecb']);
    expect(first.status, first.out).to.equal(0);
    expect(first.out).to.match(
      /ECB feeds generated in \S+: \d+ fixings up to \d{4}-\d{2}-\d{2} \(offline fixtures\)\./
    );
    expect(first.out).to.match(/created 15, updated 0, skipped 0, failed 0/);
    expect(first.out).to.include('Sources: ECB 15.');
    expect(first.out).to.match(/All 15 currencies have a sourced rate for \d{4}-\d{2}-\d{2}: no problems\./);
    const second = start(['--data-dir', dataDir, '--source', 'ecb']);
    expect(second.status, second.out).to.equal(0);
    expect(second.out).to.match(/created 0, updated 0, skipped 15, failed 0/);
  });
});
