/**
 * The entry file of an Apex worker thread (org/apex-pool.ts starts it): the worker of org/apex-worker.ts
 * with the console's Apex action runner, which lives with the console.
 *
 * In a process without tsx (`npm run test:apex` runs on Node's own type stripping) the pool starts it
 * without tsx too: it loads the packages the worker needs first — through tsx's hooks they cost about
 * 0.2 s more CPU at every worker start — then registers tsx for the local org's own modules.
 */
import { createRequire } from 'node:module';

if (!process.execArgv.some((a) => a.includes('tsx'))) {
  createRequire(import.meta.url)('better-sqlite3');
  await Promise.all(
    ['@jetstreamapp/soql-parser-js', '@apexdevtools/apex-parser', 'fast-xml-parser'].map((name) => import(name))
  );
  (await import('tsx/esm/api')).register();
}
const { runAuraAction } = await import('../console/index.js');
const { runApexWorker } = await import('../org/apex-worker.js');

runApexWorker({ runAuraAction });
