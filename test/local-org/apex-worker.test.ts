/**
 * Apex off the event loop (docs/local-org.md, "Apex off the event loop"): anonymous Apex runs in a worker
 * thread, so the HTTP server answers while a CPU-bound transaction computes; concurrent transactions are
 * isolated (one's rollback never touches another's writes); a worker's crash fails its transaction with
 * the org's error and the server goes on. Each case runs on the in-memory default and on --data-dir.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { systemFields } from '../../src/local-org/store/schema.js';

/** Anonymous Apex that burns `ms` of the transaction's CPU time (Limits.getCpuTime), then runs `after`. */
const spin = (ms: number, after = ''): string =>
  `Integer n = 0;\nwhile (Limits.getCpuTime() < ${ms}) { n++; }\nSystem.debug('cpu ' + Limits.getCpuTime());\n${after}`;

async function query(org: LocalOrg, soql: string): Promise<{ totalSize: number; records: { Name: string }[] }> {
  const r = await fetch(`${org.instanceUrl}/services/data/v65.0/query?q=${encodeURIComponent(soql)}`, {
    headers: { Authorization: `Bearer ${org.accessToken}` }
  });
  expect(r.status).to.equal(200);
  return (await r.json()) as { totalSize: number; records: { Name: string }[] };
}

async function insertAccount(org: LocalOrg, name: string): Promise<void> {
  const r = await fetch(`${org.instanceUrl}/services/data/v65.0/sobjects/Account`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ Name: name })
  });
  expect(r.status).to.equal(201);
}

function accountNames(org: LocalOrg): string[] {
  return runSoql(org.store, "SELECT Name FROM Account WHERE Name LIKE 'iso-%' ORDER BY Name").records.map((r) =>
    String(r.Name)
  );
}

/** Tracks whether a promise has settled. */
function track<T>(p: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  void p.finally(() => (done = true)).catch(() => undefined);
  return { promise: p, settled: () => done };
}

for (const storage of ['in memory', '--data-dir'] as const) {
  describe(`Apex off the event loop (${storage})`, function () {
    this.timeout(120_000);
    let org: LocalOrg;
    let dataDir: string | undefined;

    before(async () => {
      dataDir = storage === '--data-dir' ? mkdtempSync(join(tmpdir(), 'apex-worker-')) : undefined;
      org = await startLocalOrg({ dataDir, apexWorkers: 2 });
      // Two warm workers, so two transactions can run at once.
      await Promise.all([org.apex!.warm(), org.apex!.warm()]);
    });

    after(async () => {
      const file = org.store.file;
      await org.stop();
      if (storage === 'in memory')
        expect(file && existsSync(dirname(file)), 'the private file is removed').to.equal(false);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers REST queries while a CPU-bound anonymous transaction runs', async () => {
      const anonymous = track(org.apex!.executeAnonymous(spin(1500)));
      let answered = 0;
      while (!anonymous.settled() && answered < 5) {
        const r = await query(org, 'SELECT Id FROM CurrencyType');
        expect(r.totalSize).to.be.greaterThan(0);
        if (!anonymous.settled()) answered++;
      }
      const result = await anonymous.promise;
      expect(result.success, result.exceptionMessage).to.equal(true);
      expect(answered, 'queries answered before the transaction ended').to.equal(5);
      const cpu = /cpu (\d+)/.exec(result.log ?? '')?.[1];
      expect(Number(cpu)).to.be.at.least(1500);
    });

    it("isolates concurrent transactions: one's rollback never touches the other's or a REST request's writes", async () => {
      // A writes first, computes, then fails; B (the second worker) and a REST insert run meanwhile.
      const a = track(
        org.apex!.executeAnonymous(
          `insert new Account(Name = 'iso-A rolled back');\n${spin(800, 'Integer boom = 1 / 0;')}`
        )
      );
      const b = org.apex!.executeAnonymous(
        "insert new Account(Name = 'iso-B kept');\nSystem.debug([SELECT COUNT() FROM Account WHERE Name LIKE 'iso-A%']);"
      );
      const rest = insertAccount(org, 'iso-C kept');
      const [ra, rb] = await Promise.all([a.promise, b, rest]);
      expect(ra.success).to.equal(false);
      expect(ra.exceptionMessage).to.equal('System.MathException: Divide by 0');
      expect(rb.success, rb.exceptionMessage).to.equal(true);
      // B never saw A's uncommitted row.
      expect((rb.log ?? '').split('\n').filter((l) => l.includes('|USER_DEBUG|'))[0]).to.match(/\|DEBUG\|0$/);
      expect(accountNames(org)).to.deep.equal(['iso-B kept', 'iso-C kept']);
      expect(
        (await query(org, "SELECT Name FROM Account WHERE Name LIKE 'iso-%' ORDER BY Name")).records.map((r) => r.Name)
      ).to.deep.equal(['iso-B kept', 'iso-C kept']);
    });

    it("follows the HTTP thread's schema and clock changes made after the worker started", async () => {
      const warm = await org.apex!.executeAnonymous('System.debug(Date.today());');
      expect(warm.success, warm.exceptionMessage).to.equal(true);
      org.store.defineObject({
        name: 'Widget__c',
        label: 'Widget',
        labelPlural: 'Widgets',
        keyPrefix: 'a0W',
        custom: true,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        fields: [
          ...systemFields(),
          {
            name: 'Name',
            label: 'Name',
            type: 'string',
            length: 80,
            createable: true,
            updateable: true,
            nillable: true
          }
        ]
      });
      org.store.clock.set('2031-07-04T12:00:00Z', true);
      const r = await org.apex!.executeAnonymous(
        "insert new Widget__c(Name = 'w');\nSystem.debug([SELECT COUNT() FROM Widget__c] + ' ' + Date.today());"
      );
      org.store.clock.set(new Date()); // back to real time (access tokens expire on the org clock)
      expect(r.success, r.exceptionMessage).to.equal(true);
      expect(r.log).to.match(/\|DEBUG\|1 2031-07-04/);
      expect(runSoql(org.store, 'SELECT COUNT() FROM Widget__c').totalSize).to.equal(1);
    });

    it("fails a transaction whose worker crashes with the org's error; the server and the next transaction go on", async () => {
      const doomed = org.apex!.executeAnonymous(`insert new Account(Name = 'iso-crashed');\n${spin(5000)}`);
      await new Promise((r) => setTimeout(r, 700));
      await org.apex!.terminateWorker(0);
      await org.apex!.terminateWorker(1);
      const r = await doomed;
      expect(r).to.include({ success: false, exceptionMessage: 'System.UnexpectedException: salesforce system error' });
      // Its write lock went with it: this thread writes, and nothing of the crashed transaction stayed.
      await insertAccount(org, 'iso-D after crash');
      expect(accountNames(org)).to.deep.equal(['iso-B kept', 'iso-C kept', 'iso-D after crash']);
      const next = await org.apex!.executeAnonymous(
        "System.debug([SELECT COUNT() FROM Account WHERE Name LIKE 'iso-%']);"
      );
      expect(next.success, next.exceptionMessage).to.equal(true);
      expect(next.log).to.match(/\|USER_DEBUG\|\[1\]\|DEBUG\|3/);
    });
  });
}
