/**
 * The Tooling API side of Apex tests, as `sf apex run test` / `sf apex get test` (@salesforce/apex-node's
 * TestService) use it: POST /tooling/runTestsSynchronous (answers a RunTestsResult), POST
 * /tooling/runTestsAsynchronous (answers the test run id; the run completes before the reply), and tooling
 * queries of ApexTestRunResult, ApexTestQueueItem, ApexTestResult, ApexCodeCoverage,
 * ApexCodeCoverageAggregate and ApexOrgWideCoverage, answered from the runs kept in memory.
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/intro_rest_resources.htm
 */
import type { TestRunReport, TestSelection } from '../apex/testing/runner.js';
import { ApexTestSelectionError } from '../apex/testing/runner.js';
import { SalesforceError } from '../store/errors.js';
import type { Store } from '../store/store.js';
import { ApexWorkerCrash, UNEXPECTED_EXCEPTION } from '../org/apex-pool.js';
import { runOrgApexTests, toRunTestsResult } from '../org/apex-tests.js';
import { classIds, type Row } from '../org/test-runs.js';
import type { RequestContext } from './context.js';
import { parseJson, sendJson } from './http-util.js';

const TEST_OBJECTS = [
  'ApexTestRunResult',
  'ApexTestQueueItem',
  'ApexTestResult',
  'ApexCodeCoverage',
  'ApexCodeCoverageAggregate',
  'ApexOrgWideCoverage'
];

/** The tests a runTests request names: `tests` [{className|classId, testMethods}], `classNames`, `classids`. */
function selection(store: Store, body: Row): TestSelection[] | undefined {
  const byId = new Map([...classIds(store)].map(([name, id]) => [id.slice(0, 15), name]));
  const nameOf = (id: string): string => {
    const n = byId.get(id.slice(0, 15));
    if (!n) throw new SalesforceError('INVALID_INPUT', `No Apex class with id ${id}`, [], 400);
    return n;
  };
  const out: TestSelection[] = [];
  for (const t of Array.isArray(body.tests) ? (body.tests as Row[]) : []) {
    const className = typeof t.className === 'string' ? t.className : nameOf(String(t.classId));
    const methods = Array.isArray(t.testMethods) ? (t.testMethods as string[]) : undefined;
    out.push(methods?.length ? { className, methods } : { className });
  }
  const list = (v: unknown): string[] =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [];
  for (const c of list(body.classNames)) out.push({ className: c });
  for (const id of list(body.classids)) out.push({ className: nameOf(id) });
  if (out.length) return out;
  if (body.testLevel === 'RunLocalTests' || body.testLevel === 'RunAllTestsInOrg') return undefined;
  if (typeof body.suiteNames === 'string' || typeof body.suiteids === 'string')
    throw new SalesforceError('INVALID_INPUT', 'not supported by the local runtime: Apex test suites', [], 400);
  throw new SalesforceError(
    'INVALID_INPUT',
    'Specify the tests to run (tests, classNames, classids or testLevel)',
    [],
    400
  );
}

/** The runner's selection error is the request's fault; a worker that stopped mid-run fails it as an org does. */
function runFailure(e: unknown): unknown {
  if (e instanceof ApexTestSelectionError) return new SalesforceError('INVALID_INPUT', e.message, [], 400);
  if (e instanceof ApexWorkerCrash) return new SalesforceError('UNKNOWN_EXCEPTION', UNEXPECTED_EXCEPTION, [], 500);
  return e;
}

/**
 * POST /tooling/runTestsSynchronous and /tooling/runTestsAsynchronous. The tests run in an Apex worker
 * (org/apex-pool.ts) while this thread keeps answering; on this thread for an org without workers and
 * for a request of the in-process transport (a worker's callout to its own org, which must not wait for
 * a worker).
 */
export function handleRunTests(
  ctx: RequestContext,
  kind: 'runTestsSynchronous' | 'runTestsAsynchronous'
): void | Promise<void> {
  const body = parseJson(ctx.body);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new SalesforceError('JSON_PARSER_ERROR', 'The request body must be a JSON object', [], 400);
  const store = ctx.org.store;
  const started = store.clock.now().getTime();
  const tests = selection(store, body as Row);
  const answer = (report: TestRunReport): void => {
    const jobId = ctx.org.testRuns.record(store, report, started);
    if (kind === 'runTestsAsynchronous') return sendJson(ctx.res, 200, jobId);
    return sendJson(ctx.res, 200, { ...toRunTestsResult(store, report), apexLogId: null });
  };
  const inWorker = ctx.inProcess ? undefined : ctx.org.runTests;
  if (inWorker)
    return inWorker(tests).then(answer, (e: unknown) => {
      throw runFailure(e);
    });
  let report: TestRunReport;
  try {
    report = runOrgApexTests(store, tests);
  } catch (e) {
    throw runFailure(e);
  }
  answer(report);
}

function unquote(v: string): string {
  return v.trim().replace(/^'(.*)'$/, '$1');
}

/** Answers a tooling query on the Apex test objects; false for any other object. */
export function handleTestToolingQuery(ctx: RequestContext): boolean {
  const q = ctx.url.searchParams.get('q') ?? '';
  const m = /^\s*SELECT\s+([\s\S]+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+([\s\S]+?))?(?:\s+LIMIT\s+(\d+))?\s*$/i.exec(q);
  const object = TEST_OBJECTS.find((o) => o.toLowerCase() === m?.[2].toLowerCase());
  if (!m || !object) return false;
  const store = ctx.org.store;
  let rows: Row[];
  if (object === 'ApexCodeCoverageAggregate') rows = ctx.org.testRuns.aggregateRows(store);
  else if (object === 'ApexOrgWideCoverage') {
    const agg = ctx.org.testRuns.aggregateRows(store);
    const covered = agg.reduce((n, r) => n + Number(r.NumLinesCovered), 0);
    const total = covered + agg.reduce((n, r) => n + Number(r.NumLinesUncovered), 0);
    rows = [{ attributes: { type: object }, PercentCovered: total ? Math.floor((covered * 100) / total) : 0 }];
  } else rows = ctx.org.testRuns.rows(object);
  for (const cond of m[3] ? m[3].split(/\s+AND\s+/i) : []) {
    const c = /^\s*(\w+)\s*(=|IN)\s*([\s\S]+?)\s*$/i.exec(cond);
    if (!c)
      throw new SalesforceError(
        'MALFORMED_QUERY',
        `not supported by the local org: the condition ${cond} on ${object}`
      );
    const values =
      c[2] === '='
        ? [unquote(c[3])]
        : c[3]
            .replace(/^\(|\)$/g, '')
            .split(',')
            .map(unquote);
    const wanted = new Set(values.map((v) => v.slice(0, 15).toLowerCase()));
    const field = Object.keys(rows[0] ?? {}).find((k) => k.toLowerCase() === c[1].toLowerCase()) ?? c[1];
    rows = rows.filter((r) =>
      wanted.has(
        String(r[field] ?? '')
          .slice(0, 15)
          .toLowerCase()
      )
    );
  }
  if (m[4]) rows = rows.slice(0, Number(m[4]));
  const records = rows.map((r) => project(r, m[1]));
  sendJson(ctx.res, 200, {
    size: records.length,
    totalSize: records.length,
    done: true,
    queryLocator: null,
    entityTypeName: object,
    records
  });
  return true;
}

/** Keeps the selected fields (a relationship field keeps its nested record). */
function project(row: Row, fieldList: string): Row {
  const out: Row = { attributes: row.attributes };
  const keys = Object.keys(row);
  for (const f of fieldList.split(',').map((x) => x.trim())) {
    const head = f.split('.')[0];
    const key = keys.find((k) => k.toLowerCase() === head.toLowerCase());
    if (key) out[key] = row[key];
  }
  return out;
}
