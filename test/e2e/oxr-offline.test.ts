/**
 * Open Exchange Rates offline, end to end: OXR-format answers generated for a one-time App ID and served
 * by the local org's fixtures; `setup` sets the App ID (DATED_RATES_OXR_APP_ID) on the External Credential's
 * principal through the Connect REST API; the batch's callouts carry it in the header the deployed External
 * Credential's formula builds. A wrong key gets the provider's 401; a second run creates nothing.
 */
import '../isolated-home.js';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { writeOxrFixtures } from '../../src/fixtures/index.js';
import { defaultSeed } from '../../src/local-org/store/seed.js';
import { runCommand, type RunOutcome } from '../../src/toolchain/index.js';
import type { CommandName } from '../../src/toolchain/commands/specs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Run = { CreatedCount__c: number; SkippedCount__c: number; FailedCount__c: number; Message__c: string };

describe('Open Exchange Rates offline: key through the Connect REST API, header formula, run --source oxr', function () {
  this.timeout(600_000);
  let org: LocalOrg;
  let projectDir: string;
  let fixturesDir: string;
  const appId = randomBytes(16).toString('hex');
  const env = {
    ...process.env,
    CI: 'true',
    DATED_RATES_CONSUMER_KEY: 'local-org-consumer-key',
    DATED_RATES_CONSUMER_SECRET: 'local-org-consumer-secret',
    DATED_RATES_CONTACT_EMAIL: 'admin@local-org.invalid',
    DATED_RATES_OXR_APP_ID: 'wrong-key'
  };
  async function cmd(name: CommandName, args: string[]): Promise<RunOutcome & { out: string; err: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const r = await runCommand(name, ['-o', 'oxr', ...args], { env, projectDir, stdout, stderr });
    return { ...r, out: stdout.text, err: stderr.text };
  }
  async function requests(): Promise<{ url: string; status: number; headers: Record<string, string> }[]> {
    const res = await fetch(`${org.instanceUrl}/__local/fixtures/requests`, {
      headers: { 'X-Local-Org-Secret': org.controlSecret }
    });
    return ((await res.json()) as { requests: { url: string; status: number; headers: Record<string, string> }[] })
      .requests;
  }

  before(async () => {
    fixturesDir = mkdtempSync(join(tmpdir(), 'dated-rates-oxr-'));
    writeOxrFixtures(fixturesDir, appId, new Date().toISOString().slice(0, 10));
    const timeZone = 'America/Los_Angeles';
    const local = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
    org = await startLocalOrg({ fixturesDir, seed: defaultSeed(addDays(local, -1)), clock: { timeZone } });
    projectDir = mkdtempSync(join(tmpdir(), 'dated-rates-oxr-e2e-'));
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(projectDir, f), { recursive: true });
    await registerWithCli(org, 'oxr');
  });
  after(async () => {
    await org?.stop();
    rmSync(projectDir, { recursive: true, force: true });
    rmSync(fixturesDir, { recursive: true, force: true });
  });

  it('a wrong App ID gets the provider 401 in the run summary, nothing written; the right one writes every currency once', async () => {
    const setup = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
    expect(setup.exitCode, setup.out + setup.err).to.equal(0);
    expect(setup.out).to.include(
      'Open Exchange Rates App ID (DATED_RATES_OXR_APP_ID): created on principal DatedRatesOxrPrincipal'
    );
    const principal = (setup.result as { principal: { url?: string } }).principal;
    if (principal.url) expect((await fetch(principal.url)).status).to.equal(200);

    const wrong = await cmd('run', ['--source', 'oxr', '--json']);
    expect(wrong.exitCode).to.equal(1);
    const failed = (JSON.parse(wrong.out || wrong.err) as { data: { run: Run } }).data.run;
    expect(failed.CreatedCount__c).to.equal(0);
    expect(failed.Message__c).to.include('SOURCE_HTTP_ERROR').and.include('HTTP 401').and.include('invalid_app_id');
    expect((await requests()).at(-1)!.headers.Authorization).to.equal('Token wrong-key');

    env.DATED_RATES_OXR_APP_ID = appId;
    const again = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
    expect(again.out).to.include('replaced on principal DatedRatesOxrPrincipal');
    const first = await cmd('run', ['--source', 'oxr', '--json']);
    expect(first.exitCode, first.out + first.err).to.equal(0);
    expect((first.result as { run: Run }).run).to.include({ CreatedCount__c: 15, FailedCount__c: 0 });
    const log = await requests();
    expect(log.at(-1)!.headers.Authorization).to.equal(`Token ${appId}`);
    expect(log.at(-1)!.url).to.match(/^https:\/\/openexchangerates\.org\/api\/historical\/\d{4}-\d{2}-\d{2}\.json$/);
    // The key is only ever in a header, never in a URL.
    expect(log.every((r) => !r.url.includes(appId))).to.equal(true);
    const verify = await cmd('verify', ['--sourced']);
    expect(verify.exitCode, verify.out + verify.err).to.equal(0);
    expect(verify.out).to.include('Sources: OXR 15.');
    const second = await cmd('run', ['--source', 'oxr', '--json']);
    expect((second.result as { run: Run }).run).to.include({ CreatedCount__c: 0, SkippedCount__c: 15 });
  });
});
