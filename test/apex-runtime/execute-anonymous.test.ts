import { expect } from 'chai';
import { ApexRuntime, executeAnonymous } from '../../src/local-org/apex/index.js';
import { FakeDataLayer, fakeOrg } from './fake-data-layer.js';
import { debugOf, run } from './helpers.js';

describe('apex runtime: execute anonymous, SOQL and DML', () => {
  it('returns the org result shape and USER_DEBUG lines with line and level', () => {
    const r = run(
      `System.debug('first');\nSystem.debug(LoggingLevel.WARN, 'second');\nSystem.debug(LoggingLevel.ERROR, 42);`
    );
    expect(r).to.include({
      compiled: true,
      success: true,
      compileProblem: null,
      exceptionMessage: null,
      exceptionStackTrace: null,
      line: -1,
      column: -1
    });
    const lines = r.debugLog.split('\n').filter((l) => l.includes('USER_DEBUG'));
    expect(lines.map((l) => l.replace(/^[\d:.]+ \(\d+\)\|/, ''))).to.deep.equal([
      'USER_DEBUG|[1]|DEBUG|first',
      'USER_DEBUG|[2]|WARN|second',
      'USER_DEBUG|[3]|ERROR|42'
    ]);
    expect(r.debugLog).to.match(/^65\.0 APEX_CODE,DEBUG/);
  });

  it('reports an unhandled exception with line, column, message, stack and a FATAL_ERROR log line', () => {
    const r = run(`System.debug('before');\nList<Integer> l = new List<Integer>();\nl.get(3);`);
    expect(r).to.include({ compiled: true, success: false, line: 3, column: 1 });
    expect(r.exceptionMessage).to.equal('System.ListException: List index out of bounds: 3');
    expect(r.exceptionStackTrace).to.equal('AnonymousBlock: line 3, column 1');
    expect(r.debugLog).to.contain('|FATAL_ERROR|System.ListException: List index out of bounds: 3');
    expect(r.out).to.deep.equal(['before']);
  });

  it('inserts records through the data layer and sets their Id', () => {
    const r = run(
      `Account a = new Account(Name = 'Acme');\ninsert a;\nSystem.debug(a.Id != null);\nList<Contact> cs = new List<Contact>{ new Contact(LastName = 'A'), new Contact(LastName = 'B') };\ninsert cs;\nSystem.debug(cs[1].Id.startsWith('003'));`
    );
    expect(r.out).to.deep.equal(['true', 'true']);
    expect(r.data.tables.get('account')).to.have.length(1);
    expect(r.data.tables.get('contact')).to.have.length(2);
  });

  it('raises DmlException with the platform message when a row fails, and rolls the transaction back', () => {
    const data = new FakeDataLayer();
    const r = run(`insert new Account(Name = 'Kept only if the run succeeds');\ninsert new Contact();`, {}, data);
    expect(r.exceptionMessage).to.equal(
      'System.DmlException: Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [LastName]: [LastName]'
    );
    expect(data.tables.get('account') ?? []).to.have.length(0);
  });

  it('runs inline SOQL with bind variables and assigns a single row to an sObject', () => {
    const out = debugOf(`
      insert new Account(Name = 'Acme');
      String wanted = 'Acme';
      List<Account> rows = [SELECT Id, Name FROM Account WHERE Name = :wanted];
      System.debug(rows.size());
      Account one = [SELECT Id, Name FROM Account WHERE Name = :wanted];
      System.debug(one.Name);
      for (Account a : [SELECT Id, Name FROM Account]) System.debug('loop ' + a.Name);
      System.debug(Limits.getQueries());`);
    expect(out).to.deep.equal(['1', 'Acme', 'loop Acme', '3']);
  });

  it('raises QueryException when no row can be assigned to an sObject', () => {
    const r = run(`Account a = [SELECT Id FROM Account WHERE Name = 'none'];`);
    expect(r.exceptionMessage).to.equal('System.QueryException: List has no rows for assignment to SObject');
  });

  it('reads the running user and the org clock from the data layer', () => {
    expect(
      debugOf(`System.debug(UserInfo.getUserName()); System.debug(System.currentTimeMillis() > 0);`)
    ).to.deep.equal(['admin@example.com', 'true']);
  });

  it('stops at the SOQL limit with an uncatchable LimitException', () => {
    const r = run(
      `try { for (Integer i = 0; i < 101; i++) { List<Account> a = [SELECT Id FROM Account]; } } catch (Exception e) { System.debug('caught'); }`
    );
    expect(r.exceptionMessage).to.equal('System.LimitException: Too many SOQL queries: 101');
    expect(r.out).to.deep.equal([]);
  });
});

describe('apex runtime: typed query results', () => {
  it('types record fields by the describe (int, date, currency) and answers SELECT COUNT() with an Integer', () => {
    const out = debugOf(`
      insert new Account(Name = 'T', NumberOfEmployees = 7, LastActivityDate = Date.newInstance(2026, 2, 3), AnnualRevenue = 1000.50);
      Account a = [SELECT Name, NumberOfEmployees, LastActivityDate, AnnualRevenue FROM Account];
      System.debug(a.NumberOfEmployees / 2);
      System.debug(a.LastActivityDate.addDays(1).day());
      System.debug(a.AnnualRevenue * 2);
      Integer n = [SELECT COUNT() FROM Account];
      System.debug(n);`);
    expect(out).to.deep.equal(['3', '4', '2001.00', '1']);
  });
});

describe('apex runtime: reading a field straight off a query', () => {
  it('takes the single row of [SELECT F FROM X LIMIT 1].F', () => {
    const out = debugOf(`insert new Account(Name = 'Solo'); System.debug([SELECT Name FROM Account LIMIT 1].Name);`);
    expect(out).to.deep.equal(['Solo']);
  });
});

describe('apex runtime: internal faults', () => {
  it('reports an argument of the wrong type as a failed run instead of crashing', () => {
    const r = run(`List<Integer> l = new List<Integer>();\nl.addAll('not a collection');`);
    expect(r.success).to.equal(false);
    expect(r.exceptionMessage).to.equal('Internal error in the local Apex runtime: expected a List or Set');
    expect(r.line).to.equal(2);
  });
});

describe('apex runtime: CPU time limit', () => {
  it('stops an endless loop with the uncatchable "Apex CPU time limit exceeded"', () => {
    const runtime = new ApexRuntime(fakeOrg(), { cpuLimitMs: 200 });
    const r = executeAnonymous(
      `try { while (true) { Integer x = 1; } } catch (Exception e) { System.debug('caught'); }`,
      { runtime }
    );
    expect(r.success).to.equal(false);
    expect(r.exceptionMessage).to.equal('System.LimitException: Apex CPU time limit exceeded');
    expect(r.debugLog).to.not.contain('|USER_DEBUG|');
  });

  it('counts CPU time, not wall time: a blocked database call does not use up the limit', () => {
    // GIVEN a data layer whose query blocks the thread for 400 ms without using the CPU
    const data = new FakeDataLayer();
    const query = data.query.bind(data);
    data.query = (soql, binds) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      return query(soql, binds);
    };
    const runtime = new ApexRuntime(fakeOrg(data), { cpuLimitMs: 200 });
    // WHEN a transaction makes that call and then runs more statements
    const r = executeAnonymous(`List<User> u = [SELECT Id FROM User]; Integer x = 1; System.debug('done');`, {
      runtime
    });
    // THEN the 400 ms of waiting did not count against the 200 ms CPU limit
    expect(r.exceptionMessage).to.equal(null);
    expect(r.debugLog).to.contain('|USER_DEBUG|');
  });

  it('Limits.getCpuTime reads the CPU clock from the start of the transaction', () => {
    // GIVEN a CPU clock that reads 5,000 ms when the transaction starts and 6,234 ms afterwards
    let reads = 0;
    const runtime = new ApexRuntime(fakeOrg(), { cpuClock: () => (reads++ === 0 ? 5000 : 6234) });
    // WHEN the transaction asks for its CPU time
    const r = executeAnonymous(`System.debug('cpu ' + Limits.getCpuTime());`, { runtime });
    // THEN it is the CPU time consumed since the start
    expect(r.debugLog).to.contain('|USER_DEBUG|[1]|DEBUG|cpu 1234');
  });
});
