/** The real `sf` CLI runs anonymous Apex in the local org (isolated HOME): debug log, failures, a batch job. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { IsolatedSf } from '../local-org/sf-cli.js';
import { orgWithClasses } from '../apex-async/helpers.js';

const GREETER = `
public class Greeter {
  public static String greet(String who) { return 'Hello, ' + who + '!'; }
}`;

const TOUCH = `
public class Touch implements Database.Batchable<SObject> {
  public Database.QueryLocator start(Database.BatchableContext bc) {
    return Database.getQueryLocator('SELECT Id FROM CurrencyType WHERE IsActive = true');
  }
  public void execute(Database.BatchableContext bc, List<SObject> scope) {
    insert new Note__c(Name = 'touched ' + scope.size());
  }
  public void finish(Database.BatchableContext bc) {}
}`;

describe('sf apex run against the local org (real sf CLI)', function () {
  this.timeout(240_000);
  let org: LocalOrg;
  let sf: IsolatedSf;
  let dir: string;
  before(async () => {
    org = await orgWithClasses({ Greeter: GREETER, Touch: TOUCH });
    sf = new IsolatedSf();
    dir = mkdtempSync(join(tmpdir(), 'apex-run-'));
    const login = await sf.run(
      ['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--no-prompt', '--alias', 'lo'],
      { env: { SF_ACCESS_TOKEN: org.accessToken } }
    );
    expect(login.code, login.stdout + login.stderr).to.equal(0);
  });
  after(async () => {
    await org.stop();
    sf.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('executes a script file against the deployed classes and prints the USER_DEBUG lines', async () => {
    const file = join(dir, 'hello.apex');
    writeFileSync(
      file,
      "System.debug(Greeter.greet('local org'));\nInteger total = 0;\nfor (Integer i = 1; i <= 10; i++) total += i;\nSystem.debug(LoggingLevel.WARN, 'total ' + total);\n"
    );
    const r = await sf.run(['apex', 'run', '-o', 'lo', '--file', file]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.include('Compiled successfully.').and.include('Executed successfully.');
    expect(r.stdout).to.match(/\|USER_DEBUG\|\[1\]\|DEBUG\|Hello, local org!/);
    expect(r.stdout).to.match(/\|USER_DEBUG\|\[4\]\|WARN\|total 55/);
  });

  it('reports an unhandled exception with its message and line', async () => {
    const file = join(dir, 'boom.apex');
    writeFileSync(file, "String s;\nSystem.debug('before');\nInteger n = s.length();\n");
    const r = await sf.run(['apex', 'run', '-o', 'lo', '--file', file, '--json']);
    expect(r.code).to.not.equal(0);
    expect(r.json?.name).to.equal('executeRuntimeFailure');
    expect(r.json?.data).to.deep.include({
      compiled: true,
      success: false,
      line: '3',
      exceptionMessage: 'System.NullPointerException: Attempt to de-reference a null object'
    });
  });

  it('starts a batch with sf apex run; sf data query then shows the completed AsyncApexJob and its work', async () => {
    const file = join(dir, 'batch.apex');
    writeFileSync(file, 'Database.executeBatch(new Touch(), 10);\n');
    const r = await sf.run(['apex', 'run', '-o', 'lo', '--file', file]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    await org.apex!.whenIdle();
    const q = await sf.run([
      'data',
      'query',
      '-o',
      'lo',
      '-q',
      "SELECT Status, JobItemsProcessed, TotalJobItems, NumberOfErrors FROM AsyncApexJob WHERE JobType = 'BatchApex'",
      '--json'
    ]);
    expect(q.code, q.stdout + q.stderr).to.equal(0);
    const rows = q.json?.result?.records as Record<string, unknown>[];
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ Status: 'Completed', NumberOfErrors: 0 });
    expect(rows[0].JobItemsProcessed).to.equal(rows[0].TotalJobItems);
    expect(rows[0].TotalJobItems).to.be.greaterThan(1);
  });
});
