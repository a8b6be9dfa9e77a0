/**
 * The store-backed part of the Apex runtime's AsyncHost: AsyncApexJob rows, the ApexClass lookup and
 * platform-event records. Shared by the org's job host (apex-host.ts) and the test runner's host
 * (apex-tests.ts), which differ only in how they queue, schedule and abort jobs.
 */
import type { AsyncHost } from '../apex/async/index.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';

export type JobRows = Pick<AsyncHost, 'createJob' | 'updateJob' | 'countJobs' | 'apexClassId' | 'publishEvent'>;

export function storeJobRows(store: Store): JobRows {
  return {
    createJob: (fields) => store.insert('AsyncApexJob', { ...fields }, { system: true }),
    updateJob: (id, fields) => store.update('AsyncApexJob', id, { ...fields }, { system: true }),
    countJobs: (jobType, statuses) =>
      runSoql(store, 'SELECT COUNT() FROM AsyncApexJob WHERE JobType = :t AND Status IN :s', {
        binds: { t: jobType, s: [...statuses] }
      }).totalSize,
    apexClassId: (name) =>
      (runSoql(store, 'SELECT Id FROM ApexClass WHERE Name = :n', { binds: { n: name } }).records[0]?.Id as
        string | undefined) ?? null,
    publishEvent: (type, fields) => {
      store.insert(type, { ...fields }, { system: true });
    }
  };
}
