/**
 * Query latency while a CPU-bound anonymous Apex transaction runs (issue 13, "off the event loop"): one
 * client sends the simple query back to back, first for a reference window with no Apex running, then
 * for as long as another client's Tooling REST executeAnonymous of a transaction that burns 3 s of its
 * own CPU time (Limits.getCpuTime) is in flight. p50/p99 of both windows are printed, and the
 * transaction's wall time (on a loaded machine far above its CPU time).
 */
import type { LocalOrg } from '../src/local-org/index.js';
import { LATEST_EUR_RATE } from './local-org-load.js';

export interface LatencyFigures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface CpuBoundFigures {
  reference: LatencyFigures;
  duringApex: LatencyFigures;
  apex: { success: boolean; wallMs: number; cpuMs: number };
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

const figures = (xs: number[]): LatencyFigures => ({
  n: xs.length,
  p50Ms: percentile(xs, 50),
  p99Ms: percentile(xs, 99),
  maxMs: Math.round(Math.max(...xs) * 10) / 10
});

/** Anonymous Apex that runs until its transaction has used `ms` of CPU time. */
export const cpuBoundApex = (ms: number): string =>
  `Integer n = 0;\nwhile (Limits.getCpuTime() < ${ms}) { n++; }\nSystem.debug('cpu ' + Limits.getCpuTime());`;

async function queryLoop(org: LocalOrg, until: () => boolean): Promise<number[]> {
  const url = `${org.instanceUrl}/services/data/v65.0/query?q=${encodeURIComponent(LATEST_EUR_RATE)}`;
  const headers = { Authorization: `Bearer ${org.accessToken}` };
  const out: number[] = [];
  while (!until()) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (!res.ok) throw new Error(`query failed: HTTP ${res.status} ${body.slice(0, 200)}`);
    out.push(performance.now() - started);
  }
  return out;
}

export async function latencyDuringCpuBoundApex(org: LocalOrg, cpuMs = 3000): Promise<CpuBoundFigures> {
  if (!org.apex) throw new Error('the org runs without the Apex runtime');
  await org.apex.warm();
  await queryLoop(
    org,
    (
      (n) => () =>
        n-- <= 0
    )(50)
  ); // warm-up
  const refEnd = performance.now() + cpuMs;
  const reference = await queryLoop(org, () => performance.now() >= refEnd);
  let done = false;
  const started = performance.now();
  const anonymous = `${org.instanceUrl}/services/data/v65.0/tooling/executeAnonymous?anonymousBody=${encodeURIComponent(cpuBoundApex(cpuMs))}`;
  const run = fetch(anonymous, { headers: { Authorization: `Bearer ${org.accessToken}` } })
    .then(async (res) => (await res.json()) as { success?: boolean; exceptionMessage?: string })
    .finally(() => (done = true));
  const during = await queryLoop(org, () => done);
  const result = await run;
  const wallMs = Math.round(performance.now() - started);
  const cpu = cpuMs;
  const out: CpuBoundFigures = {
    reference: figures(reference),
    duringApex: figures(during),
    apex: { success: result.success === true, wallMs, cpuMs: cpu }
  };
  const line = (label: string, f: LatencyFigures) =>
    `  ${label.padEnd(40)} p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms (${f.n} queries)`;
  console.log(`query latency, one client, while a ${cpuMs / 1000}-second CPU-bound anonymous Apex transaction runs:`);
  console.log(line('reference (no Apex running)', out.reference));
  console.log(line('during the transaction', out.duringApex));
  console.log(
    `  the transaction: ${result.success ? 'success' : `failed (${result.exceptionMessage ?? '?'})`}, ${cpu} ms of its CPU time, ${wallMs} ms wall; p99 during / reference ${(out.duringApex.p99Ms / out.reference.p99Ms).toFixed(2)}; p99 < 50 ms: ${out.duringApex.p99Ms < 50 ? 'yes' : 'no'}`
  );
  return out;
}
