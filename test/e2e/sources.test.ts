/**
 * End to end, offline: ECB-format feeds generated for today and served by the local org's external-endpoint
 * fixtures; the toolchain runs the batch from the ECB (verify --sourced checks each rate's source and fixing
 * date), backfills a month, prunes it, and refuses bad ranges. A second run or backfill creates nothing.
 */
import '../isolated-home.js';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { writeEcbFixtures } from '../../src/fixtures/index.js';
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

describe('rate sources end to end: ECB fixtures, run --source ecb, backfill, prune', function () {
  this.timeout(600_000);
  let org: LocalOrg;
  let projectDir: string;
  let fixturesDir: string;
  let today: string;
  const env = {
    ...process.env,
    CI: 'true',
    DATED_RATES_CONSUMER_KEY: 'local-org-consumer-key',
    DATED_RATES_CONSUMER_SECRET: 'local-org-consumer-secret',
    DATED_RATES_CONTACT_EMAIL: 'admin@local-org.invalid'
  };
  async function cmd(name: CommandName, args: string[]): Promise<RunOutcome & { out: string; err: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const r = await runCommand(name, ['-o', 'src', ...args], { env, projectDir, stdout, stderr });
    return { ...r, out: stdout.text, err: stderr.text };
  }

  before(async () => {
    fixturesDir = mkdtempSync(join(tmpdir(), 'dated-rates-ecb-'));
    writeEcbFixtures(fixturesDir, new Date());
    // As npm start: the default seed shifted back a day, so no currency has today's rate yet.
    const timeZone = 'America/Los_Angeles';
    const local = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
    org = await startLocalOrg({ fixturesDir, seed: defaultSeed(addDays(local, -1)), clock: { timeZone } });
    today = org.store.clock.today();
    projectDir = mkdtempSync(join(tmpdir(), 'dated-rates-e2e-'));
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(projectDir, f), { recursive: true });
    await registerWithCli(org, 'src');
    const setup = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
    expect(setup.exitCode, setup.out + setup.err).to.equal(0);
    const principal = (setup.result as { principal: { url?: string } }).principal;
    if (principal.url) expect((await fetch(principal.url)).status).to.equal(200);
  });
  after(async () => {
    await org?.stop();
    rmSync(projectDir, { recursive: true, force: true });
    rmSync(fixturesDir, { recursive: true, force: true });
  });

  it('run --source ecb writes every currency from the ECB feeds, rebased to USD; verify --sourced agrees; a second run creates nothing', async () => {
    const first = await cmd('run', ['--source', 'ecb', '--json']);
    expect(first.exitCode, first.out + first.err).to.equal(0);
    const run = (first.result as { run: { CreatedCount__c: number; CalloutCount__c: number; Message__c: string } }).run;
    expect(run.CreatedCount__c).to.equal(15);
    expect(run.CalloutCount__c).to.equal(2); // one feed GET, one collection
    const requests = (await (
      await fetch(`${org.instanceUrl}/__local/fixtures/requests`, {
        headers: { 'X-Local-Org-Secret': org.controlSecret }
      })
    ).json()) as {
      requests: { url: string; status: number }[];
    };
    expect(requests.requests.map((r) => r.url)).to.have.length(1);
    expect(requests.requests[0].url).to.match(
      /^https:\/\/www\.ecb\.europa\.eu\/stats\/eurofxref\/eurofxref-hist-90d\.xml$/
    );
    const verify = await cmd('verify', ['--sourced', '--date', today]);
    expect(verify.exitCode, verify.out + verify.err).to.equal(0);
    expect(verify.out).to.include('Sources: ECB 15.');
    const second = await cmd('run', ['--source', 'ecb', '--json']);
    expect(second.exitCode, second.out + second.err).to.equal(0);
    expect((second.result as { run: { CreatedCount__c: number; SkippedCount__c: number } }).run).to.include({
      CreatedCount__c: 0,
      SkippedCount__c: 15
    });
  });

  it('backfill of a month creates the missing rates in ⌈records/200⌉ write callouts; a second backfill creates nothing', async () => {
    const from = addDays(today, -40);
    const to = addDays(today, -11);
    const first = await cmd('backfill', ['--from', from, '--to', to, '--source', 'ECB', '--json']);
    expect(first.exitCode, first.out + first.err).to.equal(0);
    const run = (first.result as { run: { CreatedCount__c: number; SkippedCount__c: number; CalloutCount__c: number } })
      .run;
    const written = run.CreatedCount__c;
    expect(written + run.SkippedCount__c).to.equal(30 * 15);
    expect(written).to.be.greaterThan(300);
    const second = await cmd('backfill', ['--from', from, '--to', to, '--source', 'ECB', '--json']);
    expect(second.exitCode, second.out + second.err).to.equal(0);
    expect((second.result as { run: { CreatedCount__c: number } }).run.CreatedCount__c).to.equal(0);
  });

  it('prune deletes only the rates the project created in the range, after --yes; without it (no terminal) it refuses', async () => {
    const from = addDays(today, -40);
    const to = addDays(today, -11);
    const refused = await cmd('prune', ['--from', from, '--to', to]);
    expect(refused.exitCode).to.equal(2);
    expect(refused.err).to.match(/pass --yes to confirm/);
    const pruned = await cmd('prune', ['--from', from, '--to', to, '--yes', '--json']);
    expect(pruned.exitCode, pruned.out + pruned.err).to.equal(0);
    const result = pruned.result as { planned: number; foreign: number; rates: { deleted: number; callouts: number } };
    expect(result.rates.deleted).to.equal(result.planned);
    expect(result.rates.callouts).to.equal(Math.ceil(result.planned / 200));
    expect(result.foreign).to.be.greaterThan(0); // the seed's own rates in the range stay
    const again = await cmd('prune', ['--from', from, '--to', to, '--yes']);
    expect(again.exitCode).to.equal(0);
    expect(again.out).to.match(/Nothing to prune/);
  });

  it('refuses a backfill range that is reversed, in the future, too long or malformed, with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--from', today, '--to', addDays(today, -1)], /is after --to/],
      [['--from', addDays(today, -1), '--to', addDays(today, 2)], /is in the future/],
      [['--from', '2000-01-01', '--to', today], /at most 3660/],
      [['--from', '2026-02-30', '--to', today], /not a real calendar date/],
      [['--to', today], /Give the range with --from/],
      [['--from', addDays(today, -2), '--to', addDays(today, -1), '--source', 'fixer'], /not a rate source/]
    ];
    for (const [args, message] of cases) {
      const r = await cmd('backfill', args);
      expect(r.exitCode, args.join(' ')).to.equal(2);
      expect(r.err, args.join(' ')).to.match(message);
    }
  });

  it('the org refuses a backfill longer than MaxBackfillDays__c with its own message', async () => {
    const r = await cmd('backfill', ['--from', addDays(today, -400), '--to', addDays(today, -1)]);
    expect(r.exitCode).to.equal(1);
    expect(r.out + r.err).to.match(/has 400 days; at most 366 \(MaxBackfillDays__c\)/);
  });
});
