import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Runs scripts/<name>.ts as `npm run <name>` would (through tsx), in a throw-away HOME. */
function script(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const home = mkdtempSync(join(tmpdir(), 'dated-rates-home-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', `${name}.ts`), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, CI: 'true' },
    timeout: 60_000
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('toolchain entry points (scripts/*.ts as processes)', () => {
  it('--help exits 0 with the help on stdout', () => {
    const r = script('verify', ['--help']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.include('npm run verify -- [flags]');
  });

  it('a bad flag exits 2 with the message on stderr', () => {
    const r = script('schedule', ['--cron', '* * *']);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.include('Error (UsageError): --cron must have 6 or 7 fields');
  });

  it('--json failure prints exactly one JSON object on stdout', () => {
    const r = script('run', ['--json', '--batch-size', '9999']);
    expect(r.status).to.equal(2);
    expect(JSON.parse(r.stdout)).to.deep.include({ status: 2, name: 'UsageError' });
  });
});
