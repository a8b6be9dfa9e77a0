/**
 * Scheduled Apex in the local org: CronTrigger (State, NextFireTime, PreviousFireTime, TimesTriggered)
 * and CronJobDetail (Name, JobType 7) rows, the Schedulable instances kept in memory, and firing of due
 * jobs when the org clock moves (control API). A job fires once per clock move even if several fire
 * times were skipped, and its next fire time is the first one after the new "now".
 */
import { nextFireTime, parseCron, runAsyncTransaction, deepClone, type ScheduleRequest } from '../apex/async/index.js';
import { callUserMethod } from '../apex/calls.js';
import type { ApexRuntime } from '../apex/index.js';
import { ApexNative, type ApexObject } from '../apex/values.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';

export class ApexScheduler {
  /** CronTrigger id → the Schedulable (or, for System.scheduleBatch, the Batchable) as serialized when scheduled. */
  private readonly instances = new Map<string, ApexObject>();
  /** CronTrigger id → the scope size of a System.scheduleBatch job. */
  private readonly batchScopes = new Map<string, number>();
  /** Debug lines of scheduled executions (last 50). */
  readonly logs: { triggerId: string; jobId: string; lines: readonly string[] }[] = [];

  /**
   * `startBatch`: queues a scheduleBatch job's batch as Database.executeBatch does (returns the AsyncApexJob
   * id); without it such a trigger is marked ERROR when due.
   */
  constructor(
    private readonly store: Store,
    private readonly runtime: () => ApexRuntime,
    private readonly startBatch?: (instance: ApexObject, scope: number) => string
  ) {}

  schedule(r: ScheduleRequest): string {
    const detailId = this.store.insert('CronJobDetail', { Name: r.name, JobType: '7' }, { system: true });
    const id = this.store.insert(
      'CronTrigger',
      {
        CronJobDetailId: detailId,
        CronExpression: r.cronExpression,
        State: 'WAITING',
        NextFireTime: r.nextFireTime,
        StartTime: this.store.clock.now().toISOString(),
        TimesTriggered: 0,
        TimeZoneSidKey: r.timeZone,
        OwnerId: this.store.userId
      },
      { system: true }
    );
    this.instances.set(id, r.instance);
    if (r.batchScope !== undefined) this.batchScopes.set(id, r.batchScope);
    return id;
  }

  jobIdByName(name: string): string | null {
    const details = runSoql(this.store, 'SELECT Id FROM CronJobDetail WHERE Name = :n', { binds: { n: name } }).records;
    if (!details.length) return null;
    const r = runSoql(this.store, "SELECT Id FROM CronTrigger WHERE CronJobDetailId IN :d AND State != 'DELETED'", {
      binds: { d: details.map((d) => d.Id) }
    }).records;
    return (r[0]?.Id as string | undefined) ?? null;
  }

  /** The Apex classes of scheduled jobs that are pending or running (not deleted, complete or in error). */
  scheduledClassNames(): string[] {
    const active = runSoql(
      this.store,
      "SELECT Id FROM CronTrigger WHERE State IN ('WAITING', 'ACQUIRED', 'EXECUTING', 'PAUSED', 'BLOCKED')"
    ).records.map((r) => String(r.Id));
    return [...new Set(active.flatMap((id) => this.instances.get(id)?.cls.name ?? []))];
  }

  /** The triggers whose Schedulable this scheduler holds, with its class name. */
  held(): [triggerId: string, className: string][] {
    return [...this.instances].map(([id, instance]) => [id, instance.cls.name]);
  }

  count(): number {
    return runSoql(this.store, "SELECT COUNT() FROM CronTrigger WHERE State != 'DELETED'").totalSize;
  }

  /** Removes a CronTrigger (and its CronJobDetail); false when the id is not one. */
  abort(id: string): boolean {
    const row = runSoql(this.store, 'SELECT Id, CronJobDetailId FROM CronTrigger WHERE Id = :id', { binds: { id } })
      .records[0];
    if (!row) return false;
    this.store.delete('CronTrigger', String(row.Id), { system: true });
    if (row.CronJobDetailId) this.store.delete('CronJobDetail', String(row.CronJobDetailId), { system: true });
    this.instances.delete(String(row.Id));
    this.batchScopes.delete(String(row.Id));
    return true;
  }

  /**
   * Fires every WAITING job whose NextFireTime has come; returns the AsyncApexJob ids created. A due
   * trigger whose Schedulable is neither here nor `heldElsewhere` (another worker's) is marked ERROR.
   */
  fireDue(apexClassId: (name: string) => string | null, heldElsewhere: ReadonlySet<string> = new Set()): string[] {
    const now = this.store.clock.now().getTime();
    const due = runSoql(
      this.store,
      "SELECT Id, CronExpression, NextFireTime, TimesTriggered, TimeZoneSidKey FROM CronTrigger WHERE State = 'WAITING' AND NextFireTime <= :now ORDER BY NextFireTime",
      { binds: { now: new Date(now).toISOString() } }
    ).records;
    const fired: string[] = [];
    for (const t of due) {
      const triggerId = String(t.Id);
      if (heldElsewhere.has(triggerId)) continue;
      const instance = this.instances.get(triggerId);
      const next = nextFireTime(
        parseCron(String(t.CronExpression)),
        now,
        String(t.TimeZoneSidKey ?? this.store.clock.timeZone)
      );
      const base = {
        PreviousFireTime: t.NextFireTime,
        NextFireTime: next === null ? null : new Date(next).toISOString(),
        TimesTriggered: Number(t.TimesTriggered ?? 0) + 1
      };
      const scope = this.batchScopes.get(triggerId);
      if (!instance || (scope !== undefined && !this.startBatch)) {
        // The instance lives in memory: after a restart the job cannot run (a known local difference).
        this.store.update('CronTrigger', triggerId, { ...base, State: 'ERROR' }, { system: true });
        continue;
      }
      if (scope !== undefined && this.startBatch) {
        // System.scheduleBatch: the batch is queued and the one-time trigger no longer counts as scheduled.
        fired.push(this.startBatch(deepClone(instance), scope));
        this.abort(triggerId);
        continue;
      }
      const jobId = this.store.insert(
        'AsyncApexJob',
        {
          JobType: 'ScheduledApex',
          Status: 'Processing',
          CronTriggerId: triggerId,
          ApexClassId: apexClassId(instance.cls.name),
          JobItemsProcessed: 0,
          TotalJobItems: 1,
          NumberOfErrors: 0
        },
        { system: true }
      );
      this.store.update('CronTrigger', triggerId, { ...base, State: 'EXECUTING' }, { system: true });
      const ctx = new ApexNative(
        'System.SchedulableContext',
        { gettriggerid: () => triggerId, getjobid: () => triggerId },
        `SchedulableContextImpl[${triggerId}]`
      );
      const copy = deepClone(instance);
      const r = runAsyncTransaction(this.runtime(), { kind: 'scheduled', jobId }, copy.cls, (it) => {
        callUserMethod(it, copy, 'execute', [ctx]);
      });
      this.logs.push({ triggerId, jobId, lines: r.debug });
      if (this.logs.length > 50) this.logs.shift();
      this.store.update(
        'AsyncApexJob',
        jobId,
        {
          Status: r.failure ? 'Failed' : 'Completed',
          JobItemsProcessed: 1,
          NumberOfErrors: r.failure ? 1 : 0,
          ExtendedStatus: r.failure ? `First error: ${r.failure.message}`.slice(0, 255) : null,
          CompletedDate: this.store.clock.now().toISOString()
        },
        { system: true }
      );
      this.store.update('CronTrigger', triggerId, { State: next === null ? 'DELETED' : 'WAITING' }, { system: true });
      fired.push(jobId);
    }
    return fired;
  }
}
