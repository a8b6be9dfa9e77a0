/**
 * Apex worker threads of this process that outlive an org (org/apex-pool.ts): a stopped org's idle
 * workers wait here, unref'd, with their modules loaded, for the next org of the same process.
 */
import { Worker } from 'node:worker_threads';

/**
 * Workers of this process detached from a stopped org: their modules are loaded (about 2 s of start-up
 * saved), so the next org takes one instead of starting a thread. At most MAX_WARM wait, unref'd.
 */
const warmWorkers: { worker: Worker; entry: string }[] = [];
const MAX_WARM = 2;

/** A warm worker started for `entry`, else a new one. */
export function takeWorker(entry: URL): Worker {
  const i = warmWorkers.findIndex((w) => w.entry === entry.href);
  if (i >= 0) return warmWorkers.splice(i, 1)[0].worker;
  const worker = new Worker(entry, { execArgv: execArgvFor(entry) });
  worker.once('exit', () => {
    const at = warmWorkers.findIndex((w) => w.worker === worker);
    if (at >= 0) warmWorkers.splice(at, 1);
  });
  return worker;
}

/** Keeps a detached worker for the next org (or terminates it when MAX_WARM wait already). */
export function releaseWorker(entry: URL, worker: Worker): Promise<void> | void {
  if (warmWorkers.length >= MAX_WARM) return worker.terminate().then(() => undefined);
  worker.unref();
  warmWorkers.push({ worker, entry: entry.href });
}

/**
 * The tsx loader a .ts entry needs, when this process was not started with it in execArgv. With Node's
 * own type stripping (Node 22.18 and newer) none: the entry registers tsx itself once its packages are
 * loaded (server/apex-worker-entry.ts).
 */
function execArgvFor(entry: URL): string[] | undefined {
  if (!entry.pathname.endsWith('.ts')) return undefined;
  if (process.execArgv.some((a) => a.includes('tsx'))) return undefined;
  if (process.features.typescript) return undefined;
  return [...process.execArgv, '--import', 'tsx'];
}
