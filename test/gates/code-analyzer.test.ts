import { expect } from 'chai';
import { checkPmd, FAILING_PRIORITY } from '../../src/gates/pmd.js';
import { GOOD_CLASS, Workspace } from './workspace.js';

describe('gate: pmd (Apex rules on Java)', function () {
  this.timeout(120_000);
  let workspace: Workspace;
  beforeEach(async () => (workspace = await Workspace.create()));
  afterEach(async () => workspace.dispose());

  it('accepts a clean class', async () => {
    await workspace.writeClass('Greeter', GOOD_CLASS);
    const result = await checkPmd(workspace.dir, ['force-app']);
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
    const result = await checkPmd(workspace.dir, ['force-app']);
    const rules = result.problems.map((p) => p.rule);
    expect(rules).to.include('pmd:AvoidStatefulDatabaseResult');
    const finding = result.problems.find((p) => p.rule === 'pmd:AvoidStatefulDatabaseResult')!;
    expect(finding.file).to.equal('force-app/main/default/classes/StatefulResults.cls');
    expect(finding.line).to.be.greaterThan(0);
    expect(FAILING_PRIORITY).to.equal(2);
  });

  it('reports lower-priority findings as notes, not failures', async () => {
    await workspace.writeClass(
      'NoSharing',
      'public class NoSharing {\n  public static List<Account> all() {\n    return [SELECT Id FROM Account LIMIT 10];\n  }\n}\n'
    );
    const result = await checkPmd(workspace.dir, ['force-app']);
    expect(result.problems).to.deep.equal([]);
    expect(result.notes.map((n) => n.rule)).to.include('pmd:ApexSharingViolations');
  });
});
