/**
 * The entry file of an Apex worker thread (org/apex-pool.ts starts it): the worker of org/apex-worker.ts
 * with the console's Apex action runner, which lives with the console.
 */
import { runAuraAction } from '../console/index.js';
import { runApexWorker } from '../org/apex-worker.js';

runApexWorker({ runAuraAction });
