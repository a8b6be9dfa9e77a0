import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCodeAnalyzer, FAILING_SEVERITY } from '../../src/gates/code-analyzer.js';
import { GateSetupError } from '../../src/gates/problem.js';
import { GOOD_CLASS, Workspace } from './workspace.js';

describe('gate: code-analyzer (Code Analyzer v5: PMD Apex rules on Java, regex rules)', function () {
  this.timeout(120_000);

  // One workspace and one run of the analyzer (a JVM start each time) for the findings tests: each
  // class stands for one case, and each test asserts on its own file's findings.
  describe('one run over a clean class and three faulty ones', () => {
    let workspace: Workspace;
    let result: Awaited<ReturnType<typeof checkCodeAnalyzer>>;
    const fileOf = (name: string): string => `force-app/main/default/classes/${name}.cls`;
    const problemsOf = (name: string) => result.problems.filter((p) => p.file === fileOf(name));
    const notesOf = (name: string) => result.notes.filter((n) => n.file === fileOf(name));

    before(async () => {
      workspace = await Workspace.create();
      await workspace.writeClass('Greeter', GOOD_CLASS);
      await workspace.writeClass('StatefulResults', STATEFUL_RESULTS);
      await workspace.writeClass('NoSharing', NO_SHARING);
      await workspace.writeClass('HeapLoop', HEAP_LOOP);
      result = await checkCodeAnalyzer(workspace.dir, ['force-app']);
    });
    after(async () => workspace.dispose());

    it('accepts a clean class', () => {
      expect(problemsOf('Greeter')).to.deep.equal([]);
      expect(notesOf('Greeter')).to.deep.equal([]);
    });

    it('fails on a priority 1-2 violation (a Database result kept in a Stateful batch)', () => {
      const finding = problemsOf('StatefulResults').find((p) => p.rule === 'pmd:AvoidStatefulDatabaseResult');
      expect(finding, JSON.stringify(result.problems)).to.not.equal(undefined);
      expect(finding!.line).to.be.greaterThan(0);
      expect(FAILING_SEVERITY).to.equal(2);
    });

    it('reports lower-severity findings as notes; v5 rates a CRUD violation High, so it fails', () => {
      expect(notesOf('NoSharing').map((n) => n.rule)).to.include('pmd:ApexSharingViolations');
      expect(problemsOf('NoSharing').map((p) => p.rule)).to.deep.equal(['pmd:ApexCRUDViolation']);
    });

    it('runs the regex engine too: Limits.getHeapSize() in a loop fails (severity High)', () => {
      const finding = problemsOf('HeapLoop').find((p) => p.rule === 'regex:AvoidGetHeapSizeInLoop');
      expect(finding, JSON.stringify(result.problems)).to.not.equal(undefined);
      expect(finding!.line).to.be.greaterThan(0);
    });
  });

  it('fails loudly without code-analyzer.yml (its severity overrides keep the gate as strict as PMD)', async () => {
    const workspace = await Workspace.create();
    try {
      await workspace.writeClass('Greeter', GOOD_CLASS);
      await rm(path.join(workspace.dir, 'code-analyzer.yml'));
      let error: unknown;
      try {
        await checkCodeAnalyzer(workspace.dir, ['force-app']);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(GateSetupError);
      expect((error as Error).message).to.match(/^code-analyzer: code-analyzer\.yml is missing in /);
    } finally {
      await workspace.dispose();
    }
  });
});

const STATEFUL_RESULTS = `public with sharing class StatefulResults implements Database.Batchable<SObject>, Database.Stateful {
  private List<Database.SaveResult> results = new List<Database.SaveResult>();
  public Iterable<SObject> start(Database.BatchableContext context) {
    return new List<SObject>();
  }
  public void execute(Database.BatchableContext context, List<SObject> scope) {
    results.addAll(Database.update(scope, false));
  }
  public void finish(Database.BatchableContext context) {
    System.debug(LoggingLevel.INFO, results.size());
  }
}
`;

const NO_SHARING =
  'public class NoSharing {\n  public static List<Account> all() {\n    return [SELECT Id FROM Account LIMIT 10];\n  }\n}\n';

/** Asks for the heap size on every iteration. */
const HEAP_LOOP = `public with sharing class HeapLoop {
  public static Integer count(List<String> items) {
    Integer n = 0;
    for (String item : items) {
      if (Limits.getHeapSize() < Limits.getLimitHeapSize()) {
        n++;
      }
    }
    return n;
  }
}
`;
