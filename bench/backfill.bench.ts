/**
 * One-year backfill of every currency the ECB fixtures cover (29 non-corporate currencies, corporate USD),
 * offline on the embedded local org: the toolchain's `backfill --source ECB` over the 366 days before
 * today. Reports the records written, the write callouts against the target ⌈records/200⌉, the feed GETs,
 * limit exceptions, and wall time against a reference measured in the same run (a one-day
 * `run --source ECB` of the same org).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { isolateHome, localReplacementEnv, openAuthenticationUrl, PROJECT_DIR } from '../scripts/lib/embedded.js';

isolateHome(undefined);
const { startLocalOrg, runSoql } = await import('../src/local-org/index.js');
const { registerWithCli } = await import('../src/local-org/index.js');
const { runCommand } = await import('../src/toolchain/index.js');
const { ECB_START_RATES, writeEcbFixtures } = await import('../src/fixtures/index.js');

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const fixturesDir = mkdtempSync(join(tmpdir(), 'bench-ecb-'));
writeEcbFixtures(fixturesDir, new Date(), 400);
const timeZone = 'UTC';
const today = new Date().toISOString().slice(0, 10);
const codes = ['EUR', ...Object.keys(ECB_START_RATES).filter((c) => c !== 'USD')];
const org = await startLocalOrg({
  fixturesDir,
  clock: { timeZone },
  seed: {
    corporate: 'USD',
    currencies: [{ isoCode: 'USD', conversionRate: 1 }, ...codes.map((isoCode) => ({ isoCode, conversionRate: 1 }))],
    datedRates: codes.map((isoCode) => ({ isoCode, startDate: '2020-01-01', conversionRate: 1 }))
  }
});
const env = localReplacementEnv();
async function cmd(name: Parameters<typeof runCommand>[0], args: string[]) {
  const stdout = new Sink();
  const stderr = new Sink();
  const started = performance.now();
  const r = await runCommand(name, ['-o', 'bench', ...args], { env, projectDir: PROJECT_DIR, stdout, stderr });
  return { ...r, ms: performance.now() - started, out: stdout.text + stderr.text };
}
const requests = async (): Promise<number> =>
  ((await (await fetch(`${org.instanceUrl}/__local/fixtures/requests`)).json()) as { requests: unknown[] }).requests
    .length;

try {
  await registerWithCli(org, 'bench');
  const setup = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
  if (setup.exitCode !== 0) throw new Error(setup.out);
  const principal = (setup.result as { principal?: { url?: string } }).principal;
  if (principal?.url) await openAuthenticationUrl(principal.url);

  const reference = await cmd('run', ['--source', 'ECB', '--date', addDays(today, -1), '--json']);
  if (reference.exitCode !== 0) throw new Error(reference.out);
  const beforeGets = await requests();
  const from = addDays(today, -367);
  const to = addDays(today, -2);
  const backfill = await cmd('backfill', ['--from', from, '--to', to, '--source', 'ECB', '--json', '--wait', '30']);
  if (backfill.exitCode !== 0) throw new Error(backfill.out);
  const run = (
    backfill.result as { run: { CreatedCount__c: number; SkippedCount__c: number; CalloutCount__c: number } }
  ).run;
  const gets = (await requests()) - beforeGets;
  const writes = run.CalloutCount__c - gets;
  const target = Math.ceil(run.CreatedCount__c / 200);
  const limitErrors = runSoql(
    org.store,
    "SELECT COUNT() FROM BatchApexErrorEvent WHERE ExceptionType LIKE '%Limit%'"
  ).totalSize;
  const jobs = runSoql(
    org.store,
    "SELECT JobItemsProcessed FROM AsyncApexJob WHERE JobType = 'BatchApex' ORDER BY CreatedDate DESC LIMIT 1"
  ).records[0];
  console.log(`One-year backfill ${from}..${to}, ${codes.length} currencies (corporate USD), source ECB (fixtures):`);
  console.log(`  records created        ${run.CreatedCount__c} (skipped ${run.SkippedCount__c})`);
  console.log(
    `  write callouts         ${writes}  (target ceil(records/200) = ${target})${writes === target ? '  OK' : '  OFF TARGET'}`
  );
  console.log(`  ECB feed GETs          ${gets}  (one per chunk; chunks: ${String(jobs?.JobItemsProcessed ?? '?')})`);
  console.log(`  limit exceptions       ${limitErrors}`);
  console.log(`  wall time              ${(backfill.ms / 1000).toFixed(1)} s`);
  console.log(
    `  reference (1-day run)  ${(reference.ms / 1000).toFixed(1)} s  → backfill = ${(backfill.ms / reference.ms).toFixed(1)}x`
  );
  if (writes !== target || limitErrors > 0) process.exitCode = 1;
} finally {
  await org.stop();
  rmSync(fixturesDir, { recursive: true, force: true });
}
