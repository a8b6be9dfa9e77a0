/**
 * Wall times of the whole pipeline on the embedded local org, each against a reference measured in the
 * same run (ratios, never pass/fail timings):
 * (a) `tsx scripts/test-apex.ts` (start the org, deploy force-app, run every Apex test) against the same
 *     script limited to its smallest test class, DatedRateConnectionCheck_Tests (start + deploy + one class:
 *     close to the part that is not the suite), and against a bare `tsx -e 0` process start;
 * (b) `tsx scripts/start.ts --data-dir <fresh dir>` against the same steps done with the real `sf` CLI
 *     (isolated HOME) on a fresh local org started here: deploy with RunSpecifiedTests, assign the
 *     permission set, authenticate the named principal, `sf apex run` the batch, `sf data query` today's
 *     DatedConversionRate (must return 15 rows). Exits non-zero when a step fails.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localReplacementEnv, openAuthenticationUrl, PROJECT_DIR } from '../scripts/lib/embedded.js';
import { IsolatedSf, runProcess, type SfResult } from '../test/local-org/sf-cli.js';

const TSX = join(PROJECT_DIR, 'node_modules/.bin/tsx');
const EXPECTED_ROWS = 15;

class BenchStepError extends Error {
  constructor(step: string, detail: string) {
    super(`step '${step}' failed: ${detail.slice(0, 1500)}`);
    this.name = 'BenchStepError';
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function tsxRun(args: string[], expectExit: number | undefined): Promise<{ ms: number; stdout: string }> {
  const { ms, value } = await timed(() => runProcess(TSX, args, process.env, PROJECT_DIR, 600_000));
  if (expectExit !== undefined && value.code !== expectExit)
    throw new BenchStepError(`tsx ${args.join(' ')}`, `exit ${value.code}\n${value.stdout}\n${value.stderr}`);
  return { ms, stdout: value.stdout };
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
const row = (cells: string[]): string => cells.map((c, i) => c.padEnd(i === 0 ? 64 : 12)).join('');

// (a) the Apex test suite. Reference: one tsx process start; and the same script with one small class.
const tsxStart = (await tsxRun(['-e', '0'], 0)).ms;
const suiteRun = await tsxRun([join('scripts', 'test-apex.ts')], 0);
const suite = suiteRun.ms;
const suiteVerdict = /Apex tests: \d+ passed, \d+ failed/.exec(suiteRun.stdout)?.[0] ?? 'no verdict line';
// One class only: the script exits 1 there (the other classes are under 90% coverage), so no exit check.
const oneClass = (await tsxRun([join('scripts', 'test-apex.ts'), 'DatedRateConnectionCheck_Tests'], undefined)).ms;

// (b) npm start, on a fresh data dir.
const dataDir = mkdtempSync(join(tmpdir(), 'dated-rates-bench-start-'));
let npmStart: number;
try {
  npmStart = (await tsxRun([join('scripts', 'start.ts'), '--data-dir', dataDir], 0)).ms;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

// The same steps with the sf CLI. @salesforce/core (registerWithCli) must see the sf children's HOME.
const sf = new IsolatedSf();
for (const [k, v] of Object.entries(sf.env())) if (v !== undefined) process.env[k] = v;
const { addDays, defaultSeed, registerWithCli, startLocalOrg } = await import('../src/local-org/index.js');
const scratch = mkdtempSync(join(tmpdir(), 'dated-rates-bench-sf-'));

/** Wall time per step of the sf path (repeated steps, such as the AsyncApexJob polls, add up). */
const stepMs = new Map<string, number>();
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const { ms, value } = await timed(fn);
  stepMs.set(name, (stepMs.get(name) ?? 0) + ms);
  return value;
}

async function sfStep(name: string, args: string[], env: Record<string, string> = {}): Promise<SfResult> {
  const r = await step(name, () => sf.run([...args, '--json'], { env, cwd: PROJECT_DIR, timeoutMs: 300_000 }));
  if (r.code !== 0) throw new BenchStepError(name, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The principal's OAuth URL, asked for as the toolchain does (src/toolchain/principal.ts), opened as the admin. */
async function authenticatePrincipal(org: { instanceUrl: string; accessToken: string }): Promise<void> {
  const res = await fetch(`${org.instanceUrl}/services/data/v65.0/named-credentials/credential/auth-url/o-auth`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      externalCredential: 'DatedRatesOrgApi',
      principalName: 'DatedRatesNamedPrincipal',
      principalType: 'NamedPrincipal'
    })
  });
  const auth = (await res.json()) as { authenticationUrl?: string };
  if (!res.ok || !auth.authenticationUrl)
    throw new BenchStepError('authenticate the named principal', `HTTP ${res.status} ${JSON.stringify(auth)}`);
  await openAuthenticationUrl(auth.authenticationUrl);
}

async function sfPipeline(): Promise<number> {
  // The org decides "today" (its clock, its default time zone): the seed is shifted back one of its days.
  const org = await step('start the local org (in this process)', () =>
    startLocalOrg({ port: 0, seed: (today) => defaultSeed(addDays(today, -1)) })
  );
  try {
    const alias = 'bench';
    await step('registerWithCli', () => registerWithCli(org, alias));
    const replacements: Record<string, string> = {};
    for (const [k, v] of Object.entries(localReplacementEnv()))
      if (k.startsWith('DATED_RATES_') && v !== undefined) replacements[k] = v;
    // Always this org's URL, even when the shell sets one for a real org (as the toolchain's deploy does).
    replacements.DATED_RATES_MY_DOMAIN_URL = org.instanceUrl.replace(/\/$/, '');
    const testClasses = readdirSync(join(PROJECT_DIR, 'force-app/main/default/classes'))
      .filter((f) => f.endsWith('_Tests.cls'))
      .map((f) => f.replace(/\.cls$/, ''));
    await sfStep(
      'sf project deploy start',
      [
        'project',
        'deploy',
        'start',
        '-o',
        alias,
        '--source-dir',
        'force-app',
        '--test-level',
        'RunSpecifiedTests',
        ...testClasses.flatMap((t) => ['--tests', t]),
        '--wait',
        '10'
      ],
      replacements
    );
    await sfStep('sf org assign permset', ['org', 'assign', 'permset', '-n', 'DatedRatesAdmin', '-o', alias]);
    await step('authenticate the named principal', () => authenticatePrincipal(org));
    const file = join(scratch, 'run-batch.apex');
    writeFileSync(file, 'Database.executeBatch(new CreateDatedConversionRate());\n');
    await sfStep('sf apex run', ['apex', 'run', '-o', alias, '-f', file]);
    for (let i = 0; ; i++) {
      const q = await sfStep('sf data query AsyncApexJob', [
        'data',
        'query',
        '-o',
        alias,
        '-q',
        "SELECT Status FROM AsyncApexJob WHERE JobType = 'BatchApex' ORDER BY CreatedDate DESC LIMIT 1"
      ]);
      const status = (q.json?.result?.records as { Status?: string }[] | undefined)?.[0]?.Status;
      if (status === 'Completed') break;
      if (status === 'Failed' || status === 'Aborted' || i >= 30)
        throw new BenchStepError('wait for the batch', `AsyncApexJob status ${status ?? 'missing'}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const rates = await sfStep('sf data query DatedConversionRate', [
      'data',
      'query',
      '-o',
      alias,
      '-q',
      'SELECT IsoCode, ConversionRate FROM DatedConversionRate WHERE StartDate = TODAY'
    ]);
    return Number(rates.json?.result?.totalSize ?? -1);
  } finally {
    await org.stop();
  }
}

let exitCode = 0;
let sfMs = 0;
let rows = -1;
try {
  const r = await timed(sfPipeline);
  sfMs = r.ms;
  rows = r.value;
} catch (e) {
  console.error(`sf CLI path: ${e instanceof Error ? e.message : String(e)}`);
  exitCode = 1;
} finally {
  sf.dispose();
  rmSync(scratch, { recursive: true, force: true });
}

console.log(row(['Measure', 'wall time', 'ratio']));
console.log(row(['reference: tsx -e 0 (process start)', sec(tsxStart), '1.00x']));
console.log(row(['test:apex, one class (start + deploy + 1 class)', sec(oneClass), ratio(oneClass, tsxStart)]));
console.log(row([`test:apex, whole suite (${suiteVerdict})`, sec(suite), ratio(suite, tsxStart)]));
console.log(row(['  suite vs one-class run', '', ratio(suite, oneClass)]));
console.log(row(['npm start (fresh --data-dir)', sec(npmStart), '1.00x']));
if (exitCode === 0) {
  console.log(row(['same steps with sf CLI', sec(sfMs), ratio(sfMs, npmStart)]));
  for (const [name, ms] of stepMs) console.log(row([`  ${name}`, sec(ms), ratio(ms, npmStart)]));
  console.log(`sf data query of today's DatedConversionRate: ${rows} rows (expected ${EXPECTED_ROWS})`);
  if (rows !== EXPECTED_ROWS) {
    console.error(`sf CLI path: expected ${EXPECTED_ROWS} rows, got ${rows}; the comparison does not count`);
    exitCode = 1;
  }
}
process.exit(exitCode);
