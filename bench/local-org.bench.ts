/**
 * Local org benchmark (npm run bench:local-org). Requests per second on loopback for a simple query
 * and for a 200-record sObject Collections insert, each as a ratio against a reference run in the
 * same process (GET /services/data, the cheapest request the server answers); query latency while a
 * 3-second CPU-bound anonymous Apex transaction runs, against the same query with no Apex running
 * (local-org-cpu.ts); a mixed load idle and during an Apex batch; and the memory an org
 * takes with the full ISO 4217 list active and 10 years of daily dated rates for every currency.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  addDays,
  ISO_4217_CODES,
  openOrgStore,
  runSoql,
  startLocalOrg,
  type LocalOrg
} from '../src/local-org/index.js';
import { LATEST_EUR_RATE, mixedLoad, startBatch } from './local-org-load.js';
import { latencyDuringCpuBoundApex } from './local-org-cpu.js';

async function measure(
  label: string,
  total: number,
  concurrency: number,
  one: (i: number) => Promise<void>
): Promise<number> {
  for (let i = 0; i < Math.min(50, total); i++) await one(-1 - i); // warm-up
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        await one(i);
      }
    })
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rps = total / seconds;
  console.log(
    `${label.padEnd(44)} ${rps.toFixed(0).padStart(7)} req/s  (${total} requests, concurrency ${concurrency}, ${seconds.toFixed(2)} s)`
  );
  return rps;
}

async function ok(res: Response): Promise<void> {
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
}

async function throughput(org: LocalOrg): Promise<Record<string, number>> {
  const auth = { Authorization: `Bearer ${org.accessToken}` };
  const v = `${org.instanceUrl}/services/data/v65.0`;
  const reference = await measure('reference: GET /services/data', 3000, 8, async () =>
    ok(await fetch(`${org.instanceUrl}/services/data`, { headers: auth }))
  );
  const q = encodeURIComponent(LATEST_EUR_RATE);
  const query = await measure('simple query (latest EUR rate)', 3000, 8, async () =>
    ok(await fetch(`${v}/query?q=${q}`, { headers: auth }))
  );
  const codes = ['EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'SEK', 'NOK'];
  const insert = await measure('collection insert, 200 records per request', 120, 4, async (i) => {
    const base = addDays('2100-01-01', (i + 100) * 200); // unique dates per request (warm-up uses negative i)
    const records = Array.from({ length: 200 }, (_, k) => ({
      attributes: { type: 'DatedConversionRate' },
      IsoCode: codes[k % codes.length],
      StartDate: addDays(base, Math.floor(k / codes.length) + (i + 100) * 0),
      ConversionRate: 1 + k / 1000
    }));
    // 200 records over 8 currencies → 25 distinct dates per request, offset so requests never collide
    records.forEach((r, k) => (r.StartDate = addDays(base, Math.floor(k / codes.length))));
    const res = await fetch(`${v}/composite/sobjects`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ allOrNone: true, records })
    });
    const body = (await res.json()) as { success: boolean; errors: unknown[] }[];
    if (!res.ok || !body.every((r) => r.success))
      throw new Error(`collection insert failed: ${JSON.stringify(body).slice(0, 300)}`);
  });
  return { reference, query, insert };
}

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

function loadBigOrg(
  today: string,
  days: number
): { store: ReturnType<typeof openOrgStore>; currencies: number; loadSeconds: number } {
  const currencies = ISO_4217_CODES.map((isoCode, i) => ({
    isoCode,
    conversionRate: isoCode === 'USD' ? 1 : 0.5 + (i % 50) / 10
  }));
  const datedRates = ISO_4217_CODES.filter((c) => c !== 'USD').flatMap((isoCode, i) =>
    Array.from({ length: days }, (_, d) => ({
      isoCode,
      startDate: addDays(today, d - days + 1),
      conversionRate: Number((0.5 + (i % 50) / 10 + Math.sin(d / 30) / 100).toFixed(6))
    }))
  );
  const t0 = Date.now();
  const store = openOrgStore({ seed: { corporate: 'USD', currencies, datedRates } });
  return { store, currencies: currencies.length, loadSeconds: (Date.now() - t0) / 1000 };
}

function memory(): Record<string, number> {
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  gc();
  const before = process.memoryUsage();
  const { store, currencies, loadSeconds } = loadBigOrg('2026-11-28', 3653); // 10 years of daily rates
  gc(); // the seed arrays are garbage now: what remains is the org
  const after = process.memoryUsage();
  const pageSize = Number(store.db.pragma('page_size', { simple: true }));
  const pages = Number(store.db.pragma('page_count', { simple: true }));
  const rows = runSoql(store, 'SELECT COUNT() FROM DatedConversionRate').totalSize;
  const t1 = process.hrtime.bigint();
  // The period in force today for every currency (no GROUP BY: IsoCode is Filter-only in the Object Reference).
  const latest = runSoql(
    store,
    'SELECT IsoCode, StartDate FROM DatedConversionRate WHERE StartDate <= TODAY AND (NextStartDate > TODAY OR NextStartDate = NULL)'
  );
  const aggMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const t2 = process.hrtime.bigint();
  for (let i = 0; i < 100; i++)
    runSoql(store, "SELECT ConversionRate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate = 2020-06-01");
  const pointMs = Number(process.hrtime.bigint() - t2) / 1e6 / 100;
  store.close();
  const out = {
    currencies,
    datedRates: rows,
    loadSeconds,
    sqliteMB: mb(pageSize * pages),
    rssDeltaMB: mb(after.rss - before.rss),
    heapDeltaMB: mb(after.heapUsed - before.heapUsed),
    groupByLatestMs: Math.round(aggMs),
    pointQueryMs: Math.round(pointMs * 100) / 100,
    groups: latest.records.length
  };
  console.log(
    `memory: ${out.currencies} currencies, ${out.datedRates} dated rates loaded in ${out.loadSeconds} s; SQLite ${out.sqliteMB} MB, RSS +${out.rssDeltaMB} MB, JS heap +${out.heapDeltaMB} MB`
  );
  console.log(
    `        rate in force per currency (${out.groups} rows) ${out.groupByLatestMs} ms; point query ${out.pointQueryMs} ms`
  );
  return out;
}

const org = await startLocalOrg({ onInternalError: (e) => console.error(e) });
try {
  const t = await throughput(org);
  console.log(
    `ratios vs reference: query ${(t.query / t.reference).toFixed(3)}, 200-record insert ${(t.insert / t.reference).toFixed(4)} (${(t.insert * 200).toFixed(0)} records/s)`
  );
  const cpuBound = await latencyDuringCpuBoundApex(org);
  const idleLoad = await mixedLoad(org, '16 clients, mixed load');
  await startBatch(org);
  const batchLoad = await mixedLoad(org, '16 clients, Apex batch running');
  const batchStillRunning = org.apex
    ? !(await Promise.race([
        org.apex.whenIdle().then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 100))
      ]))
    : false;
  console.log(`  (the batch was ${batchStillRunning ? 'still running' : 'finished'} when the second load ended)`);
  await org.apex?.whenIdle();
  const m = memory();
  console.log(
    JSON.stringify({
      bench: 'local-org',
      rps: t,
      ratios: { query: t.query / t.reference, insert200: t.insert / t.reference },
      cpuBoundApex: cpuBound,
      mixedLoad: { idle: idleLoad, withBatch: batchLoad, batchStillRunning },
      memory: m
    })
  );
} finally {
  await org.stop();
}
