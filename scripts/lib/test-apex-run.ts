/**
 * The body of `npm run test:apex` (scripts/test-apex.ts is its entry, which turns Node's compile cache on,
 * isolates HOME and loads the packages before this module and its imports load). See scripts/test-apex.ts
 * and docs/apex-tests.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTestReport, parseCacheStats, parseCount, startLocalOrg } from '../../src/local-org/index.js';
import { deployComponents } from '../../src/toolchain/index.js';
import { APEX_PARSE_CACHE_DIR } from './apex-parse-cache.js';

// performance.now() counts from the process's start: this is the time until these modules were loaded.
const importedAt = performance.now();
// Loaded by the entry (scripts/test-apex.ts) once HOME pointed at a throwaway folder.
const { AuthInfo, Connection } = await import('@salesforce/core');

const MIN_COVERAGE = 90;
const projectDir = join(import.meta.dirname, '..', '..');

/** The Apex classes and triggers under `dir`, as the deploy sends them (replacements aside). */
function apexSources(dir: string): { kind: 'class' | 'trigger'; body: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cls') || f.endsWith('.trigger'))
    .map((f) => ({ kind: f.endsWith('.cls') ? 'class' : 'trigger', body: readFileSync(join(dir, f), 'utf8') }));
}

async function main(): Promise<number> {
  // Parse trees of unchanged classes come from a content-hashed cache (docs/apex-runtime.md, "Phases").
  const org = await startLocalOrg({
    port: 0,
    apexParseCacheDir: APEX_PARSE_CACHE_DIR
  });
  // The tests run in an Apex worker (docs/local-org.md, "Apex off the event loop"): start it now, so its
  // modules load, and it parses the classes about to be deployed, on the other core while this thread
  // connects and deploys.
  const apex = org.apex;
  if (!apex) throw new Error('the local org started without its Apex workers');
  const warming = apex.warm(apexSources(join(projectDir, 'force-app'))).catch(() => undefined); // a worker that cannot start fails runTests below
  try {
    // The replacements in sfdx-project.json need values; these are the local org's, never real secrets.
    process.env.DATED_RATES_MY_DOMAIN_URL = org.instanceUrl.replace(/\/$/, '');
    process.env.DATED_RATES_CONSUMER_KEY = 'local-org-consumer-key';
    process.env.DATED_RATES_CONSUMER_SECRET = 'local-org-consumer-secret';
    process.env.DATED_RATES_CONTACT_EMAIL = 'admin@local-org.invalid';
    const authInfo = await AuthInfo.create({
      accessTokenOptions: { accessToken: org.accessToken, instanceUrl: org.instanceUrl, loginUrl: org.instanceUrl }
    });
    const connection = await Connection.create({ authInfo });
    const ready = performance.now();
    const result = await deployComponents({
      connection,
      sourcepath: [join(projectDir, 'force-app')],
      projectDir,
      testLevel: 'NoTestRun',
      waitMs: 300_000
    });
    if (!result.success) {
      for (const f of result.componentFailures) console.error(`DEPLOY ${f.file}:${f.line ?? ''} ${f.problem}`);
      console.error(`test:apex: deploying force-app to the local org failed (${result.status})`);
      console.log('Apex tests: 0 passed, 1 failed');
      return 1;
    }
    const loaded = performance.now();
    const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    const tests = only.length
      ? only.map((t) => {
          const [className, method] = t.split('.');
          return method ? { className, methods: [method] } : { className };
        })
      : undefined;
    await warming;
    const report = await apex.runTests(tests);
    if (process.argv.includes('--debug'))
      for (const r of report.results)
        for (const l of r.debugLog) console.log(`DEBUG ${r.className}.${r.methodName} ${l}`);
    const ran = performance.now();
    const verdict = formatTestReport(report, MIN_COVERAGE);
    for (const line of verdict.lines) console.log(line);
    // The split the runtime's performance work is measured by (issue 13): start-up (from the process's start:
    // loading the modules, starting the org, connecting), deploy with compile, test run.
    const ms = (a: number, b: number): string => `${Math.round(b - a)} ms`;
    console.log(
      `test:apex timing: start-up ${ms(0, ready)} (modules ${ms(0, importedAt)}), load (deploy and compile) ${ms(ready, loaded)}, run ${ms(loaded, ran)}; ${ms(0, ran)} in all`
    );
    console.log(
      `test:apex Apex sources: ${parseCount()} parsed, ${parseCacheStats().hits} rebuilt from the parse cache`
    );
    return verdict.ok ? 0 : 1;
  } finally {
    await org.stop();
  }
}

// stdout to a pipe is written asynchronously: exit only once the report has drained, or its last lines
// (coverage and the "Apex tests:" count that npm test reads) can be cut off.
const exitAfterFlush = (code: number): void => {
  process.stdout.write('', () => process.exit(code));
};

main().then(exitAfterFlush, (e: unknown) => {
  console.error(`test:apex: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  console.log('Apex tests: 0 passed, 1 failed');
  exitAfterFlush(1);
});
