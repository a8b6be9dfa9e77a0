/**
 * `npm start` end to end, as a user runs it: the local org starts in-process, the toolchain sets it
 * up (deploy with the project's Apex tests, permission set, named principal), runs the batch and
 * verifies; a second run on the same --data-dir creates nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '..', '..');

function start(dataDir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--data-dir', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE
    },
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
    // no consumer key or secret is given: phase 1 deploys the app alone, the org's generated key and
    // secret are read back (Metadata API retrieve), then the rest deploys with the project tests
    expect(first.out).to.include('deploying the external client app first (phase 1 of a first deploy)');
    expect(first.out).to.include('Consumer key and secret of DatedRatesOrgClient: read back from the org');
    expect(first.out).to.match(/Deploy \w+: Succeeded \(\d+\/\d+ components, RunSpecifiedTests/);
    expect(first.out).to.include('Named principal authenticated.');
    expect(first.out).to.match(/created 15, updated 0, skipped 0, failed 0, callouts 1/);
    expect(first.out).to.match(/All 15 currencies checked: no problems\./);
    expect(first.out).to.match(
      /Console \(Dated Rates Console\): http:\/\/127\.0\.0\.1:\d+\/secur\/frontdoor\.jsp\?sid=\S+&retURL=%2Flightning%2Fn%2FDated_Rates_Console/
    );
    expect(first.out).to.include('The org stops now');
  });

  it('creates nothing when run again on the same data; with --serve it keeps serving the console until Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--data-dir', dataDir, '--serve'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CI: 'true',
          NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE
        },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    let out = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    try {
      for (let i = 0; i < 480 && !out.includes('until Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 500));
      expect(out, out).to.include('until Ctrl-C');
      expect(out).not.to.include('phase 1');
      expect(out).to.match(/created 0, updated 0, skipped 15, failed 0, callouts 0/);
      expect(out).to.match(/All 15 currencies checked: no problems\./);
      const url = /Console \([^)]*\): (\S+)/.exec(out)![1];
      const login = await fetch(url, { redirect: 'manual' });
      expect(login.status).to.equal(302);
      const home = await fetch(new URL('/lightning/page/home', url), {
        headers: { Cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] }
      });
      expect(home.status).to.equal(200);
      expect(await home.text()).to.include('/lightning/n/Dated_Rates_Console');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited, out).to.equal(0);
    expect(out).to.include('Stopping the local org.');
  });
});
