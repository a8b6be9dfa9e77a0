/** Starting DatedRateBackfill through anonymous Apex (the org validates the range again, against its own today). */
import type { Connection } from '@salesforce/core';
import { apexString, executeAnonymous, readMarker } from './apex.js';
import { ApexExecutionError } from './errors.js';
import { JOB_ID_MARKER } from './job.js';

export function startBackfillApex(from: string, to: string, sources?: string): string {
  return [
    `Id jobId = DatedRateBackfill.run(Date.valueOf('${from}'), Date.valueOf('${to}'), ${sources ? apexString(sources) : 'null'});`,
    `System.debug('${JOB_ID_MARKER}=' + jobId);`
  ].join('\n');
}

/** Starts the backfill; returns its AsyncApexJob id. */
export async function startBackfill(
  connection: Connection,
  from: string,
  to: string,
  sources?: string
): Promise<string> {
  const { logs } = await executeAnonymous(connection, startBackfillApex(from, to, sources), 'Starting the backfill');
  const jobId = readMarker(logs, JOB_ID_MARKER);
  if (!jobId || !/^[a-zA-Z0-9]{15,18}$/.test(jobId))
    throw new ApexExecutionError(
      'Starting the backfill',
      `no job id in the debug log (expected ${JOB_ID_MARKER}=<id>).`
    );
  return jobId;
}
