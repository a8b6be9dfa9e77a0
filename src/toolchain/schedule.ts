/**
 * Scheduling the daily roll-forward through DatedRateScheduler, and reading the schedule back
 * from CronTrigger / CronJobDetail.
 */
import type { Connection } from '@salesforce/core';
import { apexString, executeAnonymous } from './apex.js';
import { NAMES } from './names.js';
import { soqlString } from './format.js';

export type ScheduledJob = {
  Id: string;
  CronExpression: string;
  State: string;
  NextFireTime: string | null;
  PreviousFireTime: string | null;
  TimeZoneSidKey?: string | null;
};

/** The CronTrigger of the fixed job name, if any. */
export async function queryScheduledJob(connection: Connection): Promise<ScheduledJob | undefined> {
  const result = await connection.query<ScheduledJob>(
    'SELECT Id, CronExpression, State, NextFireTime, PreviousFireTime, TimeZoneSidKey FROM CronTrigger ' +
      `WHERE CronJobDetail.Name = ${soqlString(NAMES.scheduledJobName)} LIMIT 1`
  );
  return result.records[0];
}

/** Anonymous Apex that (re)schedules; scheduleDaily replaces a job of the same name. */
export function scheduleApex(cron: string): string {
  return `${NAMES.schedulerClass}.scheduleDaily(${apexString(cron)});`;
}

export function unscheduleApex(): string {
  return `${NAMES.schedulerClass}.unschedule();`;
}

export type ScheduleOutcome = { changed: boolean; previous?: ScheduledJob; job?: ScheduledJob };

/** Schedules `cron`; does nothing when the same expression is already scheduled. */
export async function schedule(connection: Connection, cron: string): Promise<ScheduleOutcome> {
  const previous = await queryScheduledJob(connection);
  if (previous && previous.CronExpression.trim() === cron && previous.State !== 'DELETED') {
    return { changed: false, previous, job: previous };
  }
  await executeAnonymous(connection, scheduleApex(cron), 'Scheduling the roll-forward');
  const job = await queryScheduledJob(connection);
  return { changed: true, previous, job };
}

/** Removes the schedule; does nothing when there is none. */
export async function unschedule(connection: Connection): Promise<ScheduleOutcome> {
  const previous = await queryScheduledJob(connection);
  if (!previous) return { changed: false };
  await executeAnonymous(connection, unscheduleApex(), 'Removing the schedule');
  const job = await queryScheduledJob(connection);
  return { changed: true, previous, job };
}
