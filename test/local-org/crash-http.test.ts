/**
 * Crash safety over HTTP with --data-dir: a server process is killed with SIGKILL while clients send
 * all-or-none collection inserts and deploys; after each kill the org is reopened and checked —
 * SQLite integrity, every acknowledged write present, every request all there or not at all.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { addDays } from '../../src/local-org/store/clock.js';
import { openOrgStore, runSoql } from '../../src/local-org/store/index.js';

const root = resolve(import.meta.dirname, '../..');
const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

interface Server {
  child: ChildProcess;
  instanceUrl: string;
  accessToken: string;
}

function startServer(dir: string): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/fixtures/local-org/crash-server.ts'), dir],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n'))
        resolvePromise({ child, ...(JSON.parse(line) as { instanceUrl: string; accessToken: string }) });
    });
    child.on('exit', (code) => reject(new Error(`crash server exited (${code}) before starting: ${err}`)));
  });
}

function kill(s: Server): Promise<void> {
  return new Promise((r) => {
    s.child.removeAllListeners('exit');
    s.child.once('exit', () => r());
    s.child.kill('SIGKILL');
  });
}

/** Request k inserts 50 rates for one currency on consecutive days from a start unique to k. */
function batch(k: number): { StartDate: string }[] {
  return Array.from({ length: 50 }, (_, i) => ({
    attributes: { type: 'DatedConversionRate' },
    IsoCode: 'EUR',
    ConversionRate: 1 + k / 1000,
    StartDate: addDays('2100-01-01', k * 50 + i)
  }));
}

async function deployZip(k: number): Promise<string> {
  const z = new JSZip();
  z.file(
    'package.xml',
    `<?xml version="1.0"?><Package ${MD}><types><members>Crash${k}__c</members><name>CustomObject</name></types><types><members>Crash${k}</members><name>ApexClass</name></types><version>65.0</version></Package>`
  );
  z.file(
    `objects/Crash${k}__c.object`,
    `<?xml version="1.0"?><CustomObject ${MD}><label>C</label><pluralLabel>C</pluralLabel><nameField><label>Name</label><type>Text</type></nameField><fields><fullName>N__c</fullName><label>N</label><type>Number</type><precision>9</precision><scale>0</scale></fields></CustomObject>`
  );
  z.file(`classes/Crash${k}.cls`, `public class Crash${k} {}`);
  z.file(`classes/Crash${k}.cls-meta.xml`, `<ApexClass ${MD}><apiVersion>65.0</apiVersion></ApexClass>`);
  return (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

describe('local org crash safety over HTTP (--data-dir, SIGKILL)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-org-crash-http-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged collection insert and deploy, and no part of an unacknowledged one', async () => {
    const acked = new Set<number>();
    const ackedDeploys = new Set<number>();
    let next = 0;
    let nextDeploy = 0;
    for (let round = 0; round < 2; round++) {
      const s = await startServer(dir);
      let alive = true;
      const headers = { Authorization: `Bearer ${s.accessToken}`, 'Content-Type': 'application/json' };
      const inserter = async () => {
        while (alive) {
          const k = next++;
          try {
            const r = await fetch(`${s.instanceUrl}/services/data/v65.0/composite/sobjects`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ allOrNone: true, records: batch(k) })
            });
            const body = (await r.json()) as { success: boolean }[];
            if (r.status === 200 && body.every((x) => x.success)) acked.add(k);
          } catch {
            return; // the server died mid-request: not acknowledged
          }
        }
      };
      const deployer = async () => {
        while (alive) {
          const k = nextDeploy++;
          try {
            const env = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${s.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><deploy ${MD}><ZipFile>${await deployZip(k)}</ZipFile></deploy></soapenv:Body></soapenv:Envelope>`;
            const r = await fetch(`${s.instanceUrl}/services/Soap/m/65.0`, {
              method: 'POST',
              headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
              body: env
            });
            const text = await r.text();
            const id = /<id>([^<]+)<\/id>/.exec(text)?.[1];
            const status = await fetch(`${s.instanceUrl}/services/Soap/m/65.0`, {
              method: 'POST',
              headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
              body: env.replace(
                /<deploy [\s\S]*<\/deploy>/,
                `<checkDeployStatus ${MD}><asyncProcessId>${id}</asyncProcessId></checkDeployStatus>`
              )
            });
            if ((await status.text()).includes('<status>Succeeded</status>')) ackedDeploys.add(k);
          } catch {
            return;
          }
        }
      };
      const work = Promise.all([inserter(), inserter(), inserter(), deployer()]);
      // kill once this server has acknowledged an insert and a deploy (however loaded the machine),
      // then a little later each round, so the kill lands among requests in flight
      const [insertsBefore, deploysBefore] = [acked.size, ackedDeploys.size];
      const since = Date.now();
      while ((acked.size === insertsBefore || ackedDeploys.size === deploysBefore) && Date.now() - since < 120_000)
        await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 200 + round * 700));
      alive = false;
      await kill(s);
      await work;
      const store = openOrgStore({ dataDir: dir });
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).to.equal('ok');
        const rows = runSoql(
          store,
          "SELECT StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate >= 2100-01-01"
        ).records as { StartDate: string }[];
        const perRequest = new Map<number, number>();
        for (const r of rows) {
          const day = Math.round((Date.parse(r.StartDate) - Date.parse('2100-01-01')) / 86_400_000);
          const k = Math.floor(day / 50);
          perRequest.set(k, (perRequest.get(k) ?? 0) + 1);
        }
        for (const [k, n] of perRequest) expect(n, `request ${k}: all 50 records or none`).to.equal(50);
        for (const k of acked) expect(perRequest.get(k), `acknowledged request ${k}`).to.equal(50);
        for (let k = 0; k < nextDeploy; k++) {
          const cls = runSoql(store, `SELECT Id FROM ApexClass WHERE Name = 'Crash${k}'`).totalSize;
          const obj = store.schema.get(`Crash${k}__c`) !== undefined;
          expect(cls === 1, `deploy ${k}: class and object together`).to.equal(obj);
          if (ackedDeploys.has(k)) expect(cls, `acknowledged deploy ${k}`).to.equal(1);
        }
      } finally {
        store.close();
      }
    }
    expect(acked.size, 'some inserts were acknowledged before the kills').to.be.greaterThan(0);
    expect(ackedDeploys.size, 'some deploys were acknowledged before the kills').to.be.greaterThan(0);
  });
});
