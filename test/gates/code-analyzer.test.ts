import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkCodeAnalyzer, FAILING_SEVERITY } from '../../src/gates/code-analyzer.js';
import { GateSetupError } from '../../src/gates/problem.js';
import { GOOD_CLASS, Workspace } from './workspace.js';

describe('gate: code-analyzer (Code Analyzer v5: PMD Apex rules on Java, regex rules)', function () {
  this.timeout(120_000);
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  it('accepts a clean class', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    const result = await checkCodeAnalyzer(workspace.dir, ['force-app']);
    expect(result.problems).to.deep.equal([]);
  });

  it('fails on a priority 1-2 violation (a Database result kept in a Stateful batch)', async () => {
    await workspace.writeClass(
      'StatefulResults',
      `public with sharing class StatefulResults implements Database.Batchable<SObject>, Database.Stateful {
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
`
    );
    const result = await checkCodeAnalyzer(workspace.dir, ['force-app']);
    const rules = result.problems.map((p) => p.rule);
    expect(rules).to.include('pmd:AvoidStatefulDatabaseResult');
    const finding = result.problems.find((p) => p.rule === 'pmd:AvoidStatefulDatabaseResult')!;
    expect(finding.file).to.equal('force-app/main/default/classes/StatefulResults.cls');
    expect(finding.line).to.be.greaterThan(0);
    expect(FAILING_SEVERITY).to.equal(2);
  });

  it('reports lower-severity findings as notes; v5 rates a CRUD violation High, so it fails', async () => {
    await workspace.writeClass(
      'NoSharing',
      'public class NoSharing {\n  public static List<Account> all() {\n    return [SELECT Id FROM Account LIMIT 10];\n  }\n}\n'
    );
    const result = await checkCodeAnalyzer(workspace.dir, ['force-app']);
    expect(result.notes.map((n) => n.rule)).to.include('pmd:ApexSharingViolations');
    expect(result.problems.map((p) => p.rule)).to.deep.equal(['pmd:ApexCRUDViolation']);
  });

  it('fails loudly without code-analyzer.yml (its severity overrides keep the gate as strict as PMD)', async () => {
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
  });

  it('runs the regex engine too: Limits.getHeapSize() in a loop fails (severity High)', async () => {
    // GIVEN a class that asks for the heap size on every iteration
    await workspace.writeClass(
      'HeapLoop',
      `public with sharing class HeapLoop {
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
`
    );
    // WHEN the gate runs, THEN the regex rule is a failing problem at the loop's call
    const result = await checkCodeAnalyzer(workspace.dir, ['force-app']);
    const finding = result.problems.find((p) => p.rule === 'regex:AvoidGetHeapSizeInLoop');
    expect(finding, JSON.stringify(result.problems)).to.not.equal(undefined);
    expect(finding!.file).to.equal('force-app/main/default/classes/HeapLoop.cls');
  });
});
