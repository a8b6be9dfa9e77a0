/**
 * npm run test:apex [-- [Class[.method] …] [--debug]] — runs every Apex test of force-app on the local runtime, offline: starts the local org
 * in-process, deploys force-app through the Metadata API (NoTestRun, replacements set to local values),
 * runs the org's test classes, prints pass/fail per method and line coverage per class, and ends with
 * `Apex tests: N passed, M failed`. Exits 1 on a failure or when a class is under 90% line coverage.
 * See docs/apex-tests.md.
 */
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Node keeps the compiled code of the ~1,500 modules this loads (the local org, @salesforce/core, SDR) on
// disk, keyed by each file's content: the next run skips compiling them. Before any of them loads, hence
// the dynamic import. The folder is the one `npm test` gives its stages (scripts/test.ts).
enableCompileCache(process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'dated-rates-node-compile-cache'));
await import('./lib/test-apex-run.js');
