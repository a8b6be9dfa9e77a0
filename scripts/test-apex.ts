/**
 * npm run test:apex [-- [Class[.method] …] [--debug]] — runs every Apex test of force-app on the local runtime, offline: starts the local org
 * in-process, deploys force-app through the Metadata API (NoTestRun, replacements set to local values),
 * runs the org's test classes, prints pass/fail per method and line coverage per class, and ends with
 * `Apex tests: N passed, M failed`. Exits 1 on a failure or when a class is under 90% line coverage.
 * See docs/apex-tests.md.
 *
 * This entry runs on Node's own type stripping (`node scripts/test-apex.ts`), without tsx: it prepares the
 * process, then registers tsx and loads the body (scripts/lib/test-apex-run.ts), whose imports need it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire, enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Node keeps the compiled code of the ~1,500 modules this loads (the local org, @salesforce/core, SDR) on
// disk, keyed by each file's content: the next run skips compiling them. Before any of them loads. The
// folder is the one `npm test` gives its stages (scripts/test.ts).
enableCompileCache(process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'dated-rates-node-compile-cache'));

// @salesforce/core writes auth files under HOME: point it at a throwaway folder before loading it, so the
// local org's connection never lands in the developer's ~/.sfdx.
const home = mkdtempSync(join(tmpdir(), 'dated-rates-test-apex-'));
process.env.HOME = home;
process.env.XDG_CONFIG_HOME = join(home, '.config');
process.env.XDG_DATA_HOME = join(home, '.local', 'share');
process.env.XDG_CACHE_HOME = join(home, '.cache');
process.env.SF_DISABLE_TELEMETRY = 'true';
// No log file (it would land in the throwaway HOME): @salesforce/core then logs to memory instead of a
// pino worker thread, whose flush at exit held the process for most of a second.
process.env.SF_DISABLE_LOG_FILE = 'true';
process.on('exit', () => rmSync(home, { recursive: true, force: true }));

// The packages the deploy client and the local org load (about 1,200 CommonJS files, and a few ES
// modules), loaded before tsx's hooks are registered: through tsx's require and resolve hooks the same
// files take about twice the CPU time. Loaded once, they are what the body's imports get.
const require = createRequire(import.meta.url);
for (const name of ['@salesforce/core', '@salesforce/source-deploy-retrieve', 'jszip', 'better-sqlite3']) require(name);
await Promise.all(
  ['@jetstreamapp/soql-parser-js', '@apexdevtools/apex-parser', 'fast-xml-parser'].map((name) => import(name))
);

// tsx's hooks for ES modules (every file of the project is one), as `node --import tsx` registers them.
(await import('tsx/esm/api')).register();
await import('./lib/test-apex-run.js');
