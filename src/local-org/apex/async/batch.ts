/**
 * Batch Apex entry points: Database.executeBatch and Database.getQueryLocator.
 * "Using Batch Apex": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_batch_interface.htm
 * The job is stored as an AsyncApexJob (Holding in the flex queue when 5 batch jobs are already queued or
 * active, Queued otherwise) and handed to the host, which runs it once the calling transaction commits.
 */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import { topClass, type ClassInfo } from '../class-table.js';
import type { Interpreter } from '../interpreter.js';
import { dynamicQuery } from '../library/database.js';
import { argInt, argString, defineStatic } from '../library/registry.js';
import { ApexList, ApexMap, ApexNative, ApexObject, ApexSObject, type Value } from '../values.js';
import { asyncContextOf, asyncHostOf } from './context.js';

/** Batch jobs that may be queued or active at once; more wait in the flex queue (Holding). */
export const MAX_ACTIVE_BATCH_JOBS = 5;
export const MAX_FLEX_QUEUE = 100;
export const ACTIVE_STATUSES = ['Queued', 'Preparing', 'Processing'] as const;

/** A Database.QueryLocator: the rows of its query, fetched when start runs. */
export class QueryLocatorValue extends ApexNative {
  constructor(
    readonly query: string,
    readonly objectName: string,
    readonly records: readonly ApexSObject[]
  ) {
    super('Database.QueryLocator', { getquery: () => query }, `Database.QueryLocator[${query}]`);
  }
}

/** True when the class (or an ancestor, or an implemented interface's parents) implements `iface`. */
export function implementsInterface(cls: ClassInfo | null, iface: string): boolean {
  const want = iface.toLowerCase();
  const seen = new Set<ClassInfo>();
  const visit = (c: ClassInfo | null): boolean => {
    if (!c || seen.has(c)) return false;
    seen.add(c);
    if (c.name.toLowerCase() === want || c.name.toLowerCase() === `system.${want}`) return true;
    return c.interfaces.some(visit) || visit(c.superClass);
  };
  return visit(cls);
}

function executeBatch(it: Interpreter, args: Value[], ctx: ParserRuleContext): Value {
  const [job, scopeArg] = args;
  if (job === null) return it.npe();
  if (!(job instanceof ApexObject) || !implementsInterface(job.cls, 'Database.Batchable'))
    return it.throwApex('TypeException', 'Database.executeBatch expects an object that implements Database.Batchable');
  const scope = scopeArg === undefined || scopeArg === null ? 200 : argInt(it, scopeArg);
  if (scope < 1)
    return it.throwApex('InvalidParameterValueException', `Invalid scope for Database.executeBatch: ${scope}`);
  const current = asyncContextOf(it);
  if (current?.kind === 'batch' && current.phase !== 'finish')
    return it.throwApex(
      'AsyncException',
      'Database.executeBatch cannot be called from a batch start, batch execute, or future method.'
    );
  const host = asyncHostOf(it, 'Database.executeBatch', ctx);
  const active = host.countJobs('BatchApex', ACTIVE_STATUSES);
  const holding = host.countJobs('BatchApex', ['Holding']);
  if (active >= MAX_ACTIVE_BATCH_JOBS && holding >= MAX_FLEX_QUEUE)
    return it.throwApex(
      'AsyncException',
      `You've exceeded the limit of ${MAX_FLEX_QUEUE} jobs in the flex queue for org ${it.data.currentUser().organizationId}. Wait for some of your batch jobs to finish before adding more. To monitor and reorder jobs, use the Apex Flex Queue page in Setup.`
    );
  const top = job.cls.outer ? topClass(job.cls) : job.cls;
  const jobId = host.createJob({
    JobType: 'BatchApex',
    Status: active >= MAX_ACTIVE_BATCH_JOBS || holding > 0 ? 'Holding' : 'Queued',
    ApexClassId: host.apexClassId(top.name),
    JobItemsProcessed: 0,
    TotalJobItems: 0,
    NumberOfErrors: 0
  });
  host.enqueue({ kind: 'batch', jobId, instance: job, scope });
  return jobId;
}

function getQueryLocator(it: Interpreter, args: Value[], ctx: ParserRuleContext, bindMap?: ApexMap): Value {
  const [q] = args;
  if (q === null) return it.npe();
  if (q instanceof ApexList) {
    // Inline SOQL: the rows are already fetched.
    const rows = q.items.filter((r): r is ApexSObject => r instanceof ApexSObject);
    return new QueryLocatorValue('', rows[0]?.type ?? q.elemType.name, rows);
  }
  const soql = argString(it, q);
  const before = it.usage.queryRows;
  const list = dynamicQuery(it, soql, ctx, bindMap);
  // A QueryLocator bypasses the limit on rows retrieved by SOQL (up to 50 million).
  it.usage.queryRows = before;
  const rows = list.items.filter((r): r is ApexSObject => r instanceof ApexSObject);
  return new QueryLocatorValue(soql, list.elemType.name, rows);
}

defineStatic('Database', {
  executeBatch: [[1, 2], executeBatch],
  getQueryLocator: [[1, 2], (it, args, ctx) => getQueryLocator(it, args, ctx)],
  // getQueryLocatorWithBinds(query, bindMap, accessLevel)
  getQueryLocatorWithBinds: [
    3,
    (it, args, ctx) => {
      const m = args[1];
      if (m === null) return it.npe();
      if (!(m instanceof ApexMap)) return it.throwApex('TypeException', 'the bind map must be a Map<String, Object>');
      return getQueryLocator(it, [args[0]], ctx, m);
    }
  ]
});
