/**
 * Mixed load for the local org bench: 16 concurrent clients, each request a simple query (80 %) or a
 * 200-record sObject Collections insert (20 %); throughput and p50/p99 latency per kind. Run once on
 * an idle org and once while an Apex batch (a generic CPU-bound Database.Batchable) runs.
 */
import JSZip from 'jszip';
import { addDays } from '../src/local-org/index.js';
import type { LocalOrg } from '../src/local-org/index.js';

export interface LoadFigures {
  seconds: number;
  requestsPerSecond: number;
  query: { n: number; p50Ms: number; p99Ms: number };
  insert: { n: number; p50Ms: number; p99Ms: number; recordsPerSecond: number };
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

let dateBlock = 0;

/**
 * The simple query of both benchmarks: EUR's open rate period. DatedConversionRate fields are filter-only
 * (Object Reference), so the latest rate is found by its period, not by ORDER BY StartDate.
 */
export const LATEST_EUR_RATE =
  "SELECT Id, IsoCode, ConversionRate, StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate <= TODAY AND NextStartDate > TODAY";

export async function mixedLoad(org: LocalOrg, label: string, total = 800, clients = 16): Promise<LoadFigures> {
  const auth = { Authorization: `Bearer ${org.accessToken}` };
  const v = `${org.instanceUrl}/services/data/v65.0`;
  const q = encodeURIComponent(LATEST_EUR_RATE);
  const lat: { query: number[]; insert: number[] } = { query: [], insert: [] };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const insert = i % 5 === 4;
        const started = performance.now();
        if (insert) {
          const base = addDays('2400-01-01', dateBlock++ * 40);
          const records = Array.from({ length: 200 }, (_, k) => ({
            attributes: { type: 'DatedConversionRate' },
            IsoCode: ['EUR', 'GBP', 'JPY', 'CAD', 'AUD'][k % 5],
            StartDate: addDays(base, Math.floor(k / 5)),
            ConversionRate: 1 + k / 1000
          }));
          const res = await fetch(`${v}/composite/sobjects`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ allOrNone: true, records })
          });
          const body = (await res.json()) as { success: boolean }[];
          if (!res.ok || !body.every((r) => r.success))
            throw new Error(`insert failed: ${JSON.stringify(body).slice(0, 200)}`);
          lat.insert.push(performance.now() - started);
        } else {
          const res = await fetch(`${v}/query?q=${q}`, { headers: auth });
          await res.text();
          if (!res.ok) throw new Error(`query failed: HTTP ${res.status}`);
          lat.query.push(performance.now() - started);
        }
      }
    })
  );
  const seconds = (performance.now() - t0) / 1000;
  const out: LoadFigures = {
    seconds: Math.round(seconds * 100) / 100,
    requestsPerSecond: Math.round(total / seconds),
    query: { n: lat.query.length, p50Ms: percentile(lat.query, 50), p99Ms: percentile(lat.query, 99) },
    insert: {
      n: lat.insert.length,
      p50Ms: percentile(lat.insert, 50),
      p99Ms: percentile(lat.insert, 99),
      recordsPerSecond: Math.round((lat.insert.length * 200) / seconds)
    }
  };
  console.log(
    `${label.padEnd(30)} ${String(out.requestsPerSecond).padStart(5)} req/s; query p50 ${out.query.p50Ms} ms p99 ${out.query.p99Ms} ms; 200-record insert p50 ${out.insert.p50Ms} ms p99 ${out.insert.p99Ms} ms (${out.insert.recordsPerSecond} records/s)`
  );
  return out;
}

const MD = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const BATCH = `public with sharing class LoadBenchBatch implements Database.Batchable<SObject> {
  public Database.QueryLocator start(Database.BatchableContext bc) {
    return Database.getQueryLocator('SELECT Id FROM DatedConversionRate');
  }
  public void execute(Database.BatchableContext bc, List<SObject> scope) {
    Integer s = 0;
    for (Integer i = 0; i < 3000; i++) {
      s += Math.mod(i, 7);
    }
  }
  public void finish(Database.BatchableContext bc) {
  }
}`;

async function soap(org: LocalOrg, path: string, body: string): Promise<string> {
  const env = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${org.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
  const res = await fetch(`${org.instanceUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
    body: env
  });
  return res.text();
}

/** Deploys the generic batch class and starts it; resolves once it is queued. */
export async function startBatch(org: LocalOrg): Promise<void> {
  const z = new JSZip();
  z.file(
    'package.xml',
    `<?xml version="1.0"?><Package ${MD}><types><members>LoadBenchBatch</members><name>ApexClass</name></types><version>65.0</version></Package>`
  );
  z.file('classes/LoadBenchBatch.cls', BATCH);
  z.file('classes/LoadBenchBatch.cls-meta.xml', `<ApexClass ${MD}><apiVersion>65.0</apiVersion></ApexClass>`);
  const zip = (await z.generateAsync({ type: 'nodebuffer' })).toString('base64');
  const deployed = await soap(org, '/services/Soap/m/65.0', `<deploy ${MD}><ZipFile>${zip}</ZipFile></deploy>`);
  const id = /<id>([^<]+)<\/id>/.exec(deployed)?.[1];
  const status = await soap(
    org,
    '/services/Soap/m/65.0',
    `<checkDeployStatus ${MD}><asyncProcessId>${id}</asyncProcessId></checkDeployStatus>`
  );
  if (!status.includes('<status>Succeeded</status>'))
    throw new Error(`bench batch did not deploy: ${status.slice(0, 500)}`);
  const run = await soap(
    org,
    '/services/Soap/s/65.0',
    '<executeAnonymous xmlns="http://soap.sforce.com/2006/08/apex"><String>Database.executeBatch(new LoadBenchBatch(), 200);</String></executeAnonymous>'
  );
  if (!run.includes('<success>true</success>')) throw new Error(`bench batch did not start: ${run.slice(0, 500)}`);
}
