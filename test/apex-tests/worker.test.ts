/**
 * Apex tests off the event loop (docs/local-org.md, "Apex off the event loop"): `runTestsSynchronous`
 * (what `sf apex run test` sends) runs the test methods in an Apex worker, so the HTTP server answers
 * REST queries while a CPU-bound test method computes, and a test's writes — rolled back at the end of
 * its method — are never visible to a concurrent REST client. On the in-memory default and on --data-dir.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connectTo } from '../local-org/helpers.js';
import { deploy, packageZip } from '../triggers/helpers.js';

const SPIN_TESTS = `@IsTest
private class Spin_Tests {
  @IsTest
  static void spinsWithAnUncommittedAccount() {
    insert new Account(Name = 'spin-uncommitted');
    Assert.areEqual(1, [SELECT COUNT() FROM Account WHERE Name = 'spin-uncommitted']);
    Integer n = 0;
    while (Limits.getCpuTime() < 1500) {
      n++;
    }
    System.debug('cpu ' + Limits.getCpuTime());
  }
  @IsTest
  static void seesNoOtherMethodsWrites() {
    Assert.areEqual(0, [SELECT COUNT() FROM Account WHERE Name = 'spin-uncommitted']);
  }
}`;

interface RunTestsResult {
  numTestsRun: number;
  numFailures: number;
  successes: { methodName: string }[];
  failures: { methodName: string; message: string }[];
}

async function post<T>(org: LocalOrg, path: string, body: unknown): Promise<T> {
  const r = await fetch(`${org.instanceUrl}/services/data/v65.0/tooling/${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  });
  expect(r.status, await r.clone().text()).to.equal(200);
  return (await r.json()) as T;
}

async function countSpinAccounts(org: LocalOrg): Promise<number> {
  const soql = "SELECT Id FROM Account WHERE Name LIKE 'spin-%'";
  const r = await fetch(`${org.instanceUrl}/services/data/v65.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { Authorization: `Bearer ${org.accessToken}` }
  });
  expect(r.status).to.equal(200);
  return ((await r.json()) as { totalSize: number }).totalSize;
}

/** Tracks whether a promise has settled. */
function track<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  void p.finally(() => (done = true)).catch(() => undefined);
  return { promise: p, settled: () => done };
}

for (const storage of ['in memory', '--data-dir'] as const) {
  describe(`Apex tests in the Apex worker (${storage})`, function () {
    this.timeout(120_000);
    let org: LocalOrg;
    let dataDir: string | undefined;

    before(async () => {
      dataDir = storage === '--data-dir' ? mkdtempSync(join(tmpdir(), 'apex-tests-worker-')) : undefined;
      org = await startLocalOrg({ dataDir });
      await deploy(await connectTo(org), { classes: { Spin_Tests: SPIN_TESTS } });
      await org.apex!.warm();
    });

    after(async () => {
      await org.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers REST queries while a CPU-bound test method runs, and never shows them its uncommitted writes', async () => {
      const run = track(post<RunTestsResult>(org, 'runTestsSynchronous', { tests: [{ className: 'Spin_Tests' }] }));
      const seen: number[] = [];
      while (!run.settled()) {
        const n = await countSpinAccounts(org);
        if (!run.settled()) seen.push(n);
      }
      const result = await run.promise;
      expect(result.failures, JSON.stringify(result.failures)).to.deep.equal([]);
      expect(result.successes.map((s) => s.methodName).sort()).to.deep.equal([
        'seesNoOtherMethodsWrites',
        'spinsWithAnUncommittedAccount'
      ]);
      // On the server's thread no query could be answered before the run ended.
      expect(seen.length, 'queries answered before the test run ended').to.be.at.least(5);
      expect(new Set(seen), 'accounts the REST client saw during the run').to.deep.equal(new Set([0]));
      expect(await countSpinAccounts(org), 'accounts after the run').to.equal(0);
    });

    it("runs a deploy's tests in the worker too, answering REST queries meanwhile", async () => {
      // The REST deploy request answers once the deploy (and its tests) ran. Queries are counted while
      // the worker runs the deploy's tests (a rehearsal of the deploy, before this thread applies it).
      const pool = org.apex!;
      const rehearse = pool.deployTests.bind(pool);
      let testsRunning = false;
      pool.deployTests = (...args) => {
        testsRunning = true;
        return rehearse(...args).finally(() => (testsRunning = false));
      };
      const form = new FormData();
      const deployOptions = { testLevel: 'RunSpecifiedTests', runTests: ['Spin_Tests'], singlePackage: true };
      form.append('json', new Blob([JSON.stringify({ deployOptions })], { type: 'application/json' }));
      form.append(
        'file',
        new Blob([new Uint8Array(await packageZip({ classes: { Spin_Tests: SPIN_TESTS } }))]),
        'deploy.zip'
      );
      const deploying = track(
        fetch(`${org.instanceUrl}/services/data/v65.0/metadata/deployRequest`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${org.accessToken}` },
          body: form
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }))
      );
      const seen: number[] = [];
      let answeredDuringTests = 0;
      while (!deploying.settled()) {
        const n = await countSpinAccounts(org);
        if (testsRunning) answeredDuringTests++;
        if (!deploying.settled()) seen.push(n);
      }
      pool.deployTests = rehearse;
      const posted = await deploying.promise;
      expect(posted.status).to.equal(201);
      const status = await fetch(
        `${org.instanceUrl}/services/data/v65.0/metadata/deployRequest/${posted.body.id}?includeDetails=true`,
        { headers: { Authorization: `Bearer ${org.accessToken}` } }
      );
      const { deployResult } = (await status.json()) as {
        deployResult: { status: string; numberTestsCompleted: number; numberTestErrors: number };
      };
      expect(deployResult).to.include({ status: 'Succeeded', numberTestsCompleted: 2, numberTestErrors: 0 });
      expect(answeredDuringTests, "queries answered while the deploy's tests ran").to.be.at.least(5);
      expect(new Set(seen), 'accounts the REST client saw during the deploy').to.deep.equal(new Set([0]));
    });

    it("measures the CPU time limit as the test method's own CPU time, in the worker", async () => {
      const report = await org.apex!.runTests([
        { className: 'Spin_Tests', methods: ['spinsWithAnUncommittedAccount'] }
      ]);
      expect(report.results.map((r) => r.outcome)).to.deep.equal(['Pass']);
      const cpu = Number(/cpu (\d+)/.exec(report.results[0].debugLog.join('\n'))?.[1]);
      expect(cpu).to.be.at.least(1500).and.below(10_000);
    });

    it('parses sources handed to warm() ahead, a source with syntax errors included, and runs the deployed tests as before', async () => {
      await org.apex!.warm([
        { kind: 'class', body: SPIN_TESTS },
        { kind: 'class', body: 'public class Broken {' }
      ]);
      const report = await org.apex!.runTests([{ className: 'Spin_Tests', methods: ['seesNoOtherMethodsWrites'] }]);
      expect(report.results.map((r) => `${r.methodName}:${r.outcome}`)).to.deep.equal([
        'seesNoOtherMethodsWrites:Pass'
      ]);
    });

    it('reports an unknown test class as the request error it is', async () => {
      const r = await fetch(`${org.instanceUrl}/services/data/v65.0/tooling/runTestsSynchronous`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ classNames: 'Nope_Tests' })
      });
      expect(r.status).to.equal(400);
      expect(await r.json()).to.deep.equal([
        { message: 'Nope_Tests is not an Apex test class in this org', errorCode: 'INVALID_INPUT' }
      ]);
    });
  });
}
