/**
 * Scheduled Apex: System.schedule(name, cron, schedulable), System.scheduleBatch(batchable, name, minutes[,
 * scope]) and System.abortJob(id).
 * "Apex Scheduler": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_scheduler.htm
 * The cron expression is validated and the first fire time computed in the scheduling user's time zone;
 * a duplicate job name fails as orgs report it (`The Apex job named "<name>" is already scheduled for
 * execution`, quoted by salesforcedictionary.com/errors/apex-already-scheduled). The host stores the
 * CronTrigger/CronJobDetail rows and fires due jobs when the org clock moves.
 */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import { topClass } from '../class-table.js';
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import { zoned } from '../datetime.js';
import type { Interpreter } from '../interpreter.js';
import { argInt, argString, defineStatic } from '../library/registry.js';
import { ApexObject } from '../values.js';
import { implementsInterface } from './batch.js';
import { deepClone } from './clone.js';
import { asyncHostOf, type AsyncHost } from './context.js';
import { CronError, nextFireTime, parseCron } from './cron.js';

export const MAX_SCHEDULED_JOBS = 100;

/** The checks System.schedule and System.scheduleBatch share: a free job name and room for one more job. */
function checkRoom(it: Interpreter, name: string, ctx: ParserRuleContext): AsyncHost {
  const host = asyncHostOf(it, 'System.schedule', ctx);
  if (!host.scheduleJob || !host.scheduledJobId || !host.countScheduledJobs)
    return it.unsupported('System.schedule (the job host cannot schedule)', ctx);
  if (host.scheduledJobId(name))
    return it.throwApex('AsyncException', `The Apex job named "${name}" is already scheduled for execution`);
  if (host.countScheduledJobs() >= MAX_SCHEDULED_JOBS)
    // Unverified wording.
    return it.throwApex(
      'AsyncException',
      `You have exceeded the maximum number (${MAX_SCHEDULED_JOBS}) of Apex scheduled jobs.`
    );
  return host;
}

/** A one-time cron expression for a fire time, in a time zone (what a scheduleBatch CronTrigger shows). */
function oneTimeCron(ms: number, timeZone: string): string {
  const z = zoned(ms, timeZone);
  return `${z.s} ${z.min} ${z.h} ${z.d} ${z.m} ? ${z.y}`;
}

defineStatic('System', {
  schedule: [
    3,
    (it, [nameArg, cronArg, job], ctx) => {
      if (nameArg === null || cronArg === null || job === null) return it.npe();
      const name = argString(it, nameArg);
      if (!(job instanceof ApexObject) || !implementsInterface(job.cls, 'Schedulable'))
        return it.throwApex('TypeException', 'System.schedule expects an object that implements Schedulable');
      let cron;
      try {
        cron = parseCron(argString(it, cronArg));
      } catch (e) {
        if (!(e instanceof CronError)) throw e;
        if (e.message.startsWith('not supported'))
          return it.unsupported(e.message.replace(/^not supported by the local runtime: /, ''), ctx);
        return it.throwApex('StringException', e.message);
      }
      const host = checkRoom(it, name, ctx);
      const timeZone = it.data.currentUser().timeZone;
      const next = nextFireTime(cron, it.clock.now(), timeZone);
      if (next === null)
        return it.throwApex('StringException', 'Based on configured schedule, the given trigger will never fire.');
      return host.scheduleJob!({
        name,
        cronExpression: cron.text,
        nextFireTime: new Date(next).toISOString(),
        timeZone,
        instance: deepClone(job),
        className: topClass(job.cls).name
      });
    }
  ],
  // scheduleBatch(batchable, jobName, minutesFromNow[, scopeSize]): runs the batch once, minutesFromNow
  // minutes later ("Using Batch Apex", System.scheduleBatch): the CronTrigger counts toward the scheduled
  // job limit until it fires; then the batch job is queued (flex queue rules) and the trigger removed.
  scheduleBatch: [
    [3, 4],
    (it, [job, nameArg, minutesArg, scopeArg], ctx) => {
      if (job === null || nameArg === null || minutesArg === null) return it.npe();
      if (!(job instanceof ApexObject) || !implementsInterface(job.cls, 'Database.Batchable'))
        return it.throwApex(
          'TypeException',
          'System.scheduleBatch expects an object that implements Database.Batchable'
        );
      const name = argString(it, nameArg);
      const minutes = argInt(it, minutesArg);
      // Unverified wordings (the Reference requires minutesFromNow and the scope to be greater than zero).
      if (minutes < 1) return it.throwApex('InvalidParameterValueException', `Invalid minutesFromNow: ${minutes}`);
      const scope = scopeArg === undefined || scopeArg === null ? 200 : argInt(it, scopeArg);
      if (scope < 1)
        return it.throwApex('InvalidParameterValueException', `Invalid scope for System.scheduleBatch: ${scope}`);
      const host = checkRoom(it, name, ctx);
      const timeZone = it.data.currentUser().timeZone;
      const at = Math.floor(it.clock.now() / 1000) * 1000 + minutes * 60_000;
      return host.scheduleJob!({
        name,
        cronExpression: oneTimeCron(at, timeZone),
        nextFireTime: new Date(at).toISOString(),
        timeZone,
        instance: deepClone(job),
        className: topClass(job.cls).name,
        batchScope: scope
      });
    }
  ],
  abortJob: [
    1,
    (it, [id], ctx) => {
      if (id === null) return it.npe();
      const host = asyncHostOf(it, 'System.abortJob', ctx);
      if (!host.abortJob) return it.unsupported('System.abortJob (the job host cannot abort jobs)', ctx);
      // Unverified wording for an id that is neither a scheduled job nor an Apex job.
      if (!host.abortJob(argString(it, id)))
        return it.throwApex('InvalidParameterValueException', `Invalid id: ${argString(it, id)}`);
      return null;
    }
  ]
});
