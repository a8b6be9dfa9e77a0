/**
 * End to end, no mocks: the local org in-process, then the project's toolchain commands over real HTTP
 * (setup with the named principal's browser flow completed by this test acting as the admin's browser,
 * deploy, run, verify, schedule, status).
 */
import '../isolated-home.js';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { AuthInfo, Connection } from '@salesforce/core';
import { executeAnonymous } from '../../src/toolchain/apex.js';
import { runCommand, type RunOutcome } from '../../src/toolchain/index.js';
import { calloutCheckApex } from '../../src/toolchain/principal.js';
import type { CommandName } from '../../src/toolchain/commands/specs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The @IsTest methods of force-app's *_Tests classes: every one runs under RunSpecifiedTests. */
function projectTestMethods(): number {
  const dir = join(ROOT, 'force-app', 'main', 'default', 'classes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('_Tests.cls'))
    .reduce(
      (n, f) =>
        n +
        (readFileSync(join(dir, f), 'utf8').match(/@IsTest\s+(?:private\s+|public\s+)?static\s+void/gi) ?? []).length,
      0
    );
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('pipeline: local org + toolchain (setup, deploy, run, verify, schedule, status)', function () {
  this.timeout(600_000);
  let org: LocalOrg;
  let projectDir: string;
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
    const r = await runCommand(name, ['-o', 'lo', ...args], { env, projectDir, stdout, stderr });
    return { ...r, out: stdout.text, err: stderr.text };
  }

  async function connection(): Promise<Connection> {
    return Connection.create({ authInfo: await AuthInfo.create({ username }) });
  }
  let username = '';

  before(async () => {
    org = await startLocalOrg();
    // Tomorrow: every seeded currency's latest rate is then at least a day old, so each one is rolled forward.
    const moved = await fetch(`${org.instanceUrl}/__local/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
      body: JSON.stringify({ advanceDays: 1 })
    });
    expect(moved.status).to.equal(200);
    projectDir = mkdtempSync(join(tmpdir(), 'dated-rates-e2e-'));
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(projectDir, f), { recursive: true });
    username = await registerWithCli(org, 'lo');
  });
  after(async () => {
    await org?.stop();
    rmSync(projectDir, { recursive: true, force: true });
  });

  it('setup deploys, assigns the permission set and prints the principal URL; the admin opens it; the callout then works', async () => {
    const first = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
    expect(first.exitCode, first.out + first.err).to.equal(0);
    expect(first.out).to.match(/Deploy 0Af\w+: Succeeded/);
    expect(first.out).to.include('Permission set DatedRatesAdmin: assigned');
    const principal = (first.result as { principal: { authenticated: boolean; url?: string } }).principal;
    expect(principal.authenticated).to.equal(false);
    expect(principal.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/authorize\?/);
    // The admin's browser: the local authorize endpoint approves and redirects to the auth callback.
    const page = await fetch(principal.url!);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('DatedRatesNamedPrincipal of DatedRatesOrgApi is authenticated');
    // The toolchain's own test callout, executed over HTTP by @salesforce/apex-node as setup does.
    const { logs } = await executeAnonymous(await connection(), calloutCheckApex(), 'test callout');
    expect(userDebugLines(logs).join('\n')).to.match(/DATED_RATES_CALLOUT=\{"status":200,/);
  });

  it("runs the project's batch (anonymous Apex over HTTP): it rolls the rates forward through the named credential; verify agrees", async () => {
    const { logs } = await executeAnonymous(
      await connection(),
      "System.debug('JOB=' + Database.executeBatch(new CreateDatedConversionRate()));",
      'run'
    );
    const jobId = /JOB=(707\w+)/.exec(userDebugLines(logs).join('\n'))?.[1];
    expect(jobId, logs).to.be.a('string');
    await org.apex!.whenIdle();
    const conn = await connection();
    const job = (
      await conn.query<Record<string, unknown>>(`SELECT Status, NumberOfErrors FROM AsyncApexJob WHERE Id = '${jobId}'`)
    ).records[0];
    expect(job).to.include({ Status: 'Completed', NumberOfErrors: 0 });
    const runRow = (
      await conn.query<Record<string, unknown>>(
        `SELECT Status__c, CreatedCount__c, CalloutCount__c FROM DatedRateRun__c WHERE JobId__c = '${jobId!.slice(0, 18)}'`
      )
    ).records[0];
    expect(runRow).to.include({ Status__c: 'Succeeded', CalloutCount__c: 1 });
    expect(Number(runRow.CreatedCount__c)).to.be.greaterThan(0);
    // The toolchain reads "today" from the machine's clock in the org's time zone; the org clock is a day ahead.
    const verify = await cmd('verify', ['--json', '--date', org.store.clock.today()]);
    expect(verify.exitCode, verify.out + verify.err).to.equal(0);
    expect(verify.out).to.include('"problems": 0');
  });

  it('schedule creates the daily job and status shows it', async () => {
    const s = await cmd('schedule', ['--json']);
    expect(s.exitCode, s.out + s.err).to.equal(0);
    const st = await cmd('status', ['--json']);
    expect(st.exitCode, st.out + st.err).to.equal(0);
    const status = st.result as { schedule: Record<string, unknown> | null; lastJob: Record<string, unknown> | null };
    expect(status.schedule).to.include({ CronExpression: '0 0 1 * * ?', State: 'WAITING' });
    expect(status.lastJob).to.include({ Status: 'Completed' });
  });

  it('deploy runs the project Apex tests; run (the command) finds everything rolled already; unschedule removes the job', async () => {
    const deploy = await cmd('deploy', ['--json']);
    expect(deploy.exitCode, deploy.out + deploy.err).to.equal(0);
    const deployed = deploy.result as {
      testLevel: string;
      testsRun: number;
      testFailures: unknown[];
      coverage: { className: string; percent: number }[];
    };
    expect([deployed.testLevel, deployed.testsRun, deployed.testFailures.length]).to.deep.equal([
      'RunSpecifiedTests',
      projectTestMethods(),
      0
    ]);
    expect(deployed.coverage.map((c) => c.className)).to.include('CreateDatedConversionRate');
    const today = org.store.clock.today();
    const run = await cmd('run', ['--json', '--date', today]);
    expect(run.exitCode, run.out + run.err).to.equal(0);
    const ran = run.result as { job: Record<string, unknown>; run: Record<string, unknown> };
    expect(ran.job).to.include({ Status: 'Completed', NumberOfErrors: 0 });
    expect(ran.run).to.include({ Status__c: 'Succeeded', CreatedCount__c: 0, SkippedCount__c: 15, CalloutCount__c: 0 });
    const un = await cmd('unschedule', ['--json']);
    expect(un.exitCode, un.out + un.err).to.equal(0);
    const st = await cmd('status', ['--json']);
    expect((st.result as { schedule: unknown }).schedule).to.equal(null);
  });
});

function userDebugLines(log: string): string[] {
  return log.split('\n').filter((l) => l.includes('|USER_DEBUG|'));
}
