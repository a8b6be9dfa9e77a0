/**
 * The org's record of Apex test runs, for the Tooling API's test objects (ApexTestRunResult,
 * ApexTestQueueItem, ApexTestResult, ApexCodeCoverage, ApexCodeCoverageAggregate, ApexOrgWideCoverage):
 * kept in memory per org (one instance on the server's org state), coverage merged over runs.
 */
import type { TestRunReport } from '../apex/testing/runner.js';
import { runSoql } from '../store/soql/query.js';
import type { Store } from '../store/store.js';

export type Row = Record<string, unknown>;

export function classIds(store: Store): Map<string, string> {
  // Triggers first: a class of the same name wins (test classes and results are classes).
  const rows = [
    ...runSoql(store, 'SELECT Id, Name FROM ApexTrigger').records,
    ...runSoql(store, 'SELECT Id, Name FROM ApexClass').records
  ];
  return new Map(rows.map((r) => [String(r.Name).toLowerCase(), String(r.Id)]));
}

/** ApexClass or ApexTrigger, by the record's key prefix (01q: ApexTrigger). */
export function codeUnitType(id: string): 'ApexClass' | 'ApexTrigger' {
  return id.startsWith('01q') ? 'ApexTrigger' : 'ApexClass';
}

export class TestRunRecords {
  readonly tables = new Map<string, Row[]>();
  /** Class name (lower case) → covered and executable lines, merged over runs (ApexCodeCoverageAggregate). */
  readonly aggregate = new Map<string, { id: string; name: string; covered: Set<number>; executable: Set<number> }>();

  /** Rows of one test object. */
  rows(object: string): Row[] {
    return this.tables.get(object) ?? [];
  }

  /** Keeps a run's rows for the tooling queries and merges its coverage into the aggregate. */
  record(store: Store, report: TestRunReport, started: number): string {
    const ids = classIds(store);
    const idOf = (name: string): string => ids.get(name.toLowerCase()) ?? '';
    const jobId = store.nextId('707');
    const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
    const push = (table: string, row: Row): void => {
      const rows = this.tables.get(table) ?? [];
      rows.push({ attributes: { type: table }, ...row });
      this.tables.set(table, rows);
    };
    const classRef = (name: string): Row => ({
      attributes: { type: codeUnitType(idOf(name)) },
      Id: idOf(name),
      Name: name,
      NamespacePrefix: null
    });
    const classes = [...new Set(report.results.map((r) => r.className))];
    const queueIds = new Map(classes.map((c) => [c, store.nextId('709')]));
    const end = started + report.totalTimeMs;
    push('ApexTestRunResult', {
      Id: store.nextId('05m'),
      AsyncApexJobId: jobId,
      Status: 'Completed',
      ClassesCompleted: classes.length,
      ClassesEnqueued: classes.length,
      MethodsEnqueued: report.results.length,
      MethodsCompleted: report.results.length,
      MethodsFailed: report.results.filter((r) => r.outcome === 'Fail').length,
      StartTime: iso(started),
      EndTime: iso(end),
      TestTime: report.totalTimeMs,
      TestSetupTime: 0,
      UserId: store.userId
    });
    for (const c of classes)
      push('ApexTestQueueItem', {
        Id: queueIds.get(c),
        Status: 'Completed',
        ApexClassId: idOf(c),
        ParentJobId: jobId,
        TestRunResultId: null,
        ExtendedStatus: `(${report.results.filter((r) => r.className === c).length}/${report.results.filter((r) => r.className === c).length})`
      });
    for (const r of report.results)
      push('ApexTestResult', {
        Id: store.nextId('07M'),
        QueueItemId: queueIds.get(r.className),
        AsyncApexJobId: jobId,
        ApexClassId: idOf(r.className),
        ApexClass: classRef(r.className),
        MethodName: r.methodName,
        Outcome: r.outcome,
        Message: r.message,
        StackTrace: r.stackTrace,
        RunTime: r.timeMs,
        TestTimestamp: iso(started),
        ApexLogId: null,
        IsTestSetup: false
      });
    for (const t of report.testCoverage)
      push('ApexCodeCoverage', {
        Id: store.nextId('714'),
        ApexTestClassId: idOf(t.className),
        TestMethodName: t.methodName,
        ApexClassOrTriggerId: idOf(t.coverage.name),
        ApexClassOrTrigger: classRef(t.coverage.name),
        NumLinesCovered: t.coverage.coveredLines.length,
        NumLinesUncovered: t.coverage.uncoveredLines.length,
        Coverage: { coveredLines: t.coverage.coveredLines, uncoveredLines: t.coverage.uncoveredLines, namespace: null }
      });
    for (const c of report.coverage) {
      const key = c.name.toLowerCase();
      const a = this.aggregate.get(key) ?? {
        id: store.nextId('715'),
        name: c.name,
        covered: new Set<number>(),
        executable: new Set<number>()
      };
      for (const l of c.coveredLines) a.covered.add(l);
      for (const l of [...c.coveredLines, ...c.uncoveredLines]) a.executable.add(l);
      this.aggregate.set(key, a);
    }
    return jobId;
  }

  /** ApexCodeCoverageAggregate rows over every run so far. */
  aggregateRows(store: Store): Row[] {
    const ids = classIds(store);
    return [...this.aggregate.values()].map((a) => {
      const lines = [...a.executable].sort((x, y) => x - y);
      const covered = lines.filter((l) => a.covered.has(l));
      const uncovered = lines.filter((l) => !a.covered.has(l));
      const classId = ids.get(a.name.toLowerCase()) ?? '';
      return {
        attributes: { type: 'ApexCodeCoverageAggregate' },
        Id: a.id,
        ApexClassOrTriggerId: classId,
        ApexClassOrTrigger: { attributes: { type: codeUnitType(classId) }, Id: classId, Name: a.name },
        NumLinesCovered: covered.length,
        NumLinesUncovered: uncovered.length,
        Coverage: { coveredLines: covered, uncoveredLines: uncovered }
      };
    });
  }
}
