/**
 * API writes (REST sObject rows, sObject Collections, sObject Tree) on objects with active triggers:
 * the write and its triggers run as one transaction of an interpreter over the deployed classes and
 * triggers, as an org runs an API call's triggers. Partial success follows "Bulk DML Exception Handling"
 * (an API call without allOrNone saves the records that did not fail, after retries); a failure the
 * transaction cannot survive (a governor limit, too many retries) fails every record and writes nothing.
 */
import type { DataRecord, DmlOperation, DmlRowResult } from '../data-layer.js';
import { ApexThrow } from '../errors.js';
import { exceptionTypeName } from '../library/objects.js';
import { fieldTypesOf, fromRecord } from '../library/soql.js';
import { toApexString } from '../operators.js';
import type { ApexRuntime } from '../runtime.js';
import { triggeredDml } from './dml.js';

/** One API write: the operation, its records (each with `attributes.type`; an Id for update/delete). */
export interface ApiWrite {
  readonly op: DmlOperation;
  readonly records: readonly DataRecord[];
  readonly allOrNone: boolean;
}

class Abort extends Error {}

/** Runs the write with the objects' triggers; one result per record, in order. */
export function runApiWrite(runtime: ApexRuntime, write: ApiWrite): DmlRowResult[] {
  const it = runtime.newInterpreter();
  let failed: DmlRowResult[] | null = null;
  try {
    return runtime.data.runInTransaction(() => {
      const rows = write.records.map((r) => fromRecord(r, String(r.attributes?.type ?? ''), fieldTypesOf(it)));
      try {
        return triggeredDml(it, write.op, rows, write.allOrNone);
      } catch (e) {
        if (!(e instanceof ApexThrow)) throw e;
        const msg = e.exception.fields.get('$message') ?? null;
        const error = {
          statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
          message: `${exceptionTypeName(e.exception)}: ${msg === null ? 'null' : toApexString(it, msg)}`,
          fields: [] as string[]
        };
        failed = write.records.map((r) => ({
          success: false,
          id: write.op === 'insert' ? null : typeof r.Id === 'string' ? r.Id : null,
          errors: [error]
        }));
        throw new Abort();
      }
    });
  } catch (e) {
    if (!(e instanceof Abort) || !failed) throw e;
    return failed;
  }
}
