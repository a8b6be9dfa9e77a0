/**
 * API writes on objects with active triggers (docs/local-org.md, "Apex triggers"): the REST handlers
 * hand them to the org's Apex runner, which runs the write and the triggers as one transaction in an
 * Apex worker (the HTTP thread keeps answering meanwhile). A request the in-process transport carries
 * (an Apex callout to this org's own API) cannot wait for a worker: it runs on this thread.
 * Writes on objects without active triggers stay on this thread, as before.
 */
import type { DmlRowResult } from '../apex/data-layer.js';
import { SalesforceError } from '../store/errors.js';
import { tableName, type Store } from '../store/store.js';
import type { ApiWrite, RequestContext } from './context.js';

/** Whether the object has an active trigger (its writes then go through the Apex runtime). */
export function hasActiveTrigger(store: Store, object: string): boolean {
  return (
    store
      .sql(
        `SELECT 1 FROM ${tableName('ApexTrigger')} WHERE IsDeleted = 0 AND Status = 'Active' AND lower(TableEnumOrId) = lower(?) LIMIT 1`
      )
      .get(object) !== undefined
  );
}

/** True when a write to these objects must fire triggers; fails loudly when the org has no Apex runtime. */
export function firesTriggers(ctx: RequestContext, objects: readonly string[]): boolean {
  // A platform event's triggers are its subscribers: the event bus delivers the event after the write,
  // in transactions of their own (docs/local-org.md, "Platform events"), never inside it.
  const firing = [...new Set(objects.map((o) => o.toLowerCase()))].filter(
    (o) => !ctx.org.store.schema.get(o)?.platformEvent && hasActiveTrigger(ctx.org.store, o)
  );
  if (!firing.length) return false;
  if (!ctx.org.apiWrites)
    throw new SalesforceError(
      'UNSUPPORTED_OPERATION',
      `not supported by the local runtime: firing the triggers of ${firing.join(', ')} in an org started without its Apex runtime`,
      [],
      501
    );
  return true;
}

/** Runs an API write with its triggers: in a worker, or here for the in-process transport. */
export function writeWithTriggers(ctx: RequestContext, write: ApiWrite): DmlRowResult[] | Promise<DmlRowResult[]> {
  const runner = ctx.org.apiWrites!;
  return ctx.inProcess ? runner.runHere(write) : runner.run(write);
}

/** Calls `then` with the results, at once when they are at hand (the data API answers synchronously when it can). */
export function whenWritten<T>(
  results: DmlRowResult[] | Promise<DmlRowResult[]>,
  then: (r: DmlRowResult[]) => T
): T | Promise<T> {
  return results instanceof Promise ? results.then(then) : then(results);
}

/** A failed row as the REST error it answers (400 with the row's first error). */
export function rowError(r: DmlRowResult): SalesforceError {
  const e = r.errors[0];
  return new SalesforceError(e?.statusCode ?? 'UNKNOWN_EXCEPTION', e?.message ?? '', [...(e?.fields ?? [])], 400);
}
