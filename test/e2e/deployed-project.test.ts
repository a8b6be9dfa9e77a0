/**
 * The project deployed to the local org, then through the toolchain over HTTP:
 * - issue 11 point 6: the batch detects ACM correctly whatever Apex describe answers for
 *   DatedConversionRate, each answer set through the control API (`/__local/describe-overrides`);
 * - issue 12 point 5: "today" is the org's (its clock is days ahead of this machine's here);
 * - issue 11 point 4: a batch of the project still running at deploy time: the toolchain waits for it
 *   (progress, --jobs-wait) or stops with the job named, instead of deploying into the org's refusal.
 */
import '../isolated-home.js';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { runCommand, type RunOutcome } from '../../src/toolchain/index.js';
import type { Clock } from '../../src/toolchain/context.js';
import type { CommandName } from '../../src/toolchain/commands/specs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const AHEAD_DAYS = 3;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

type RunRow = { Status__c: string; CreatedCount__c: number; CalloutCount__c: number; Message__c: string | null };

describe('the deployed project on the local org: ACM under both describe answers, the org’s today, running jobs at deploy', function () {
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
  async function cmd(
    name: CommandName,
    args: string[],
    clock?: Clock
  ): Promise<RunOutcome & { out: string; err: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const r = await runCommand(name, ['-o', 'deployed', ...args], { env, projectDir, stdout, stderr, clock });
    return { ...r, out: stdout.text, err: stderr.text };
  }
  async function control(method: string, path: string, body?: unknown): Promise<number> {
    const res = await fetch(`${org.instanceUrl}/__local/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    await res.text();
    return res.status;
  }
  /** `run` of the batch for the org's today; its run record. */
  async function runBatch(): Promise<RunRow> {
    const ran = await cmd('run', ['--json']);
    const run = (ran.result as { run: RunRow } | undefined)?.run ?? (ran.error?.data as { run?: RunRow })?.run;
    expect(run, ran.out + ran.err).to.be.an('object');
    return run!;
  }

  before(async () => {
    org = await startLocalOrg();
    // The org's clock runs days ahead of this machine's (a sandbox with a moved clock, another time zone).
    expect(await control('POST', 'clock', { advanceDays: AHEAD_DAYS })).to.equal(200);
    projectDir = mkdtempSync(join(tmpdir(), 'dated-rates-deployed-'));
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(projectDir, f), { recursive: true });
    await registerWithCli(org, 'deployed');
    const setup = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
    expect(setup.exitCode, setup.out + setup.err).to.equal(0);
    const url = (setup.result as { principal: { url: string } }).principal.url;
    expect((await fetch(url)).status).to.equal(200); // the admin's browser authenticates the principal
  });
  after(async () => {
    await org?.stop();
    rmSync(projectDir, { recursive: true, force: true });
  });

  describe('ACM detection (issue 11 point 6), each describe answer set through the control API', () => {
    afterEach(async () => {
      expect(await control('DELETE', 'describe-overrides')).to.equal(200);
      expect(await control('POST', 'clock', { advanceDays: 1 })).to.equal(200); // a fresh day for the next run
    });

    it('Apex and REST describe say createable: the batch rolls every currency forward, one write callout', async () => {
      const run = await runBatch();
      expect([run.Status__c, run.CalloutCount__c]).to.deep.equal(['Succeeded', 1]);
      expect(run.CreatedCount__c).to.be.greaterThan(0);
    });

    it('Apex describe says not createable (DML-less object), REST says createable: ACM is detected through the REST describe', async () => {
      expect(
        await control('POST', 'describe-overrides', {
          sObject: 'DatedConversionRate',
          scope: 'apex',
          createable: false
        })
      ).to.equal(201);
      const run = await runBatch();
      // one callout more than above: the REST describe through the Named Credential
      expect([run.Status__c, run.CalloutCount__c]).to.deep.equal(['Succeeded', 2]);
      expect(run.CreatedCount__c).to.be.greaterThan(0);
    });

    it('both describes say not createable (ACM really off): the run stops with ACM_DISABLED and writes nothing', async () => {
      expect(
        await control('POST', 'describe-overrides', { sObject: 'DatedConversionRate', scope: 'all', createable: false })
      ).to.equal(201);
      const run = await runBatch();
      expect([run.Status__c, run.CreatedCount__c]).to.deep.equal(['Failed', 0]);
      expect(run.Message__c).to.match(/ACM_DISABLED|not createable through the REST API/);
    });
  });

  describe("today is the org's (issue 12 point 5)", () => {
    it("backfill takes the org's today: --to on the org's today is accepted, the day after is refused naming it", async () => {
      const orgToday = org.store.clock.today();
      const hostToday = new Date().toISOString().slice(0, 10);
      expect(orgToday > hostToday, `${orgToday} vs ${hostToday}`).to.equal(true);
      const after = await cmd('backfill', ['--from', orgToday, '--to', addDays(orgToday, 1), '--json']);
      expect(after.exitCode).to.equal(2);
      expect(after.out + after.err).to.include(`is in the future (today is ${orgToday} in the org's time zone)`);
      const ok = await cmd('backfill', ['--from', addDays(orgToday, -1), '--to', orgToday, '--json']);
      expect(ok.exitCode, ok.out + ok.err).to.equal(0);
      expect((ok.result as { to: string }).to).to.equal(orgToday);
    });
  });

  describe('a running batch at deploy time (issue 11 point 4)', () => {
    let jobId = '';
    beforeEach(() => {
      const classId = runSoql(org.store, "SELECT Id FROM ApexClass WHERE Name = 'CreateDatedConversionRate'").records[0]
        .Id as string;
      jobId = org.store.insert(
        'AsyncApexJob',
        { JobType: 'BatchApex', Status: 'Processing', ApexClassId: classId, JobItemsProcessed: 1, TotalJobItems: 4 },
        { system: true }
      );
    });
    afterEach(() => {
      org.store.update('AsyncApexJob', jobId, { Status: 'Completed', JobItemsProcessed: 4 }, { system: true });
    });

    it('--jobs-wait 0: stops at once with the job named and the ways forward, before deploying', async () => {
      // (the org's own refusal of such a deploy: test/local-org/deploy-active-jobs.test.ts)
      const deploy = await cmd('deploy', ['--test-level', 'NoTestRun', '--jobs-wait', '0', '--json']);
      expect(deploy.exitCode).to.equal(1);
      const body = JSON.parse(deploy.out) as { name: string; message: string; actions: string[] };
      expect(body.name).to.equal('ActiveJobsError');
      expect(body.message).to.include(`${jobId.slice(0, 15)}`);
      expect(body.message).to.include('CreateDatedConversionRate (BatchApex, Processing, 1/4 batches)');
      expect(body.message).to.include('nothing was deployed');
      expect(body.actions.join('\n')).to.include(`System.abortJob('${jobId}`);
    });

    it('waits with progress until the job has finished, then deploys', async () => {
      let sleeps = 0;
      let now = 0;
      const clock: Clock = {
        now: () => now,
        sleep: async (ms) => {
          now += ms;
          sleeps += 1;
          if (sleeps === 2)
            org.store.update('AsyncApexJob', jobId, { Status: 'Completed', JobItemsProcessed: 4 }, { system: true });
        }
      };
      const deploy = await cmd('deploy', ['--test-level', 'NoTestRun', '--jobs-wait', '5'], clock);
      expect(deploy.exitCode, deploy.out + deploy.err).to.equal(0);
      expect(deploy.out).to.include("Waiting for 1 Apex job(s) of the project's classes to finish before deploying");
      expect(deploy.out).to.include("The project's Apex jobs have finished");
      expect(deploy.out).to.match(/Deploy 0Af\w+: Succeeded/);
      expect(sleeps).to.equal(2);
    });

    it('stops after --jobs-wait minutes with the job named, nothing deployed', async () => {
      let now = 0;
      const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
      const deploy = await cmd('deploy', ['--test-level', 'NoTestRun', '--jobs-wait', '1', '--json'], clock);
      expect(deploy.exitCode).to.equal(1);
      const body = JSON.parse(deploy.out) as { name: string; message: string };
      expect(body.name).to.equal('ActiveJobsError');
      expect(body.message).to.match(/still queued or running after 60 s/);
      expect(now).to.equal(60_000);
    });
  });
});

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
