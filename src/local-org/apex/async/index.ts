/** Asynchronous Apex (batch jobs) for the local runtime. Importing this module registers its library methods. */
import './batch.js';
import './schedule.js';
import './queueable.js';
import './future.js';
import './system.js';
export { BatchRun } from './batch-runner.js';
export { MAX_ACTIVE_BATCH_JOBS, ACTIVE_STATUSES, QueryLocatorValue, implementsInterface } from './batch.js';
export { asyncContextOf, type AsyncHost, type QueuedJob, type AsyncContext } from './context.js';
export { describeFailure, runAsyncTransaction, type PhaseFailure, type PhaseResult } from './phase.js';
export { deepClone } from './clone.js';
export { runFutureJob } from './future.js';
export { parseCron, nextFireTime, CronError, type Cron } from './cron.js';
export type { ScheduleRequest } from './context.js';
