/**
 * Records retrieved by SOQL and SOSL in Apex on the local org: their Id always comes along; a field the
 * query did not select cannot be read (SObjectException), unless the code set it since; DML writes such a
 * record back without the fields it cannot write; and (compile time) code cannot write a field that is
 * neither createable nor updateable
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_SOQL_working_with_results.htm).
 */
import { expect } from 'chai';
import { ApexRuntime, executeAnonymous } from '../../src/local-org/apex/index.js';
import { orgCollaborators } from '../../src/local-org/org/runtime-collaborators.js';
import { openOrgStore } from '../../src/local-org/store/index.js';

function debugOf(source: string): string[] {
  const store = openOrgStore();
  const r = executeAnonymous(
    `Account acc = new Account(Name = 'Acme', Industry = 'Energy'); insert acc;
    insert new Contact(LastName = 'Ng', FirstName = 'Ada', AccountId = acc.Id);
    ${source}`,
    { runtime: new ApexRuntime(orgCollaborators(store)) }
  );
  expect(r.success, `${r.compileProblem ?? ''} ${r.exceptionMessage ?? ''}`).to.equal(true);
  return r.debugLog
    .split('\n')
    .filter((l) => l.includes('|USER_DEBUG|'))
    .map((l) => l.split('|').slice(4).join('|'));
}

const MISSING = 'SObject row was retrieved via SOQL without querying the requested field:';
const attempt = (expr: string): string =>
  `try { System.debug(${expr}); } catch (SObjectException e) { System.debug(e.getMessage()); }`;

describe('Apex: what a queried record carries', () => {
  it('brings its Id without selecting it, so it can be updated', () => {
    const out = debugOf(`
      Account a = [SELECT Name FROM Account];
      System.debug(a.Id == acc.Id);
      a.Name = 'Acme 2';
      update a;
      System.debug([SELECT Name FROM Account WHERE Id = :acc.Id].Name);
      Account viaDynamic = Database.query('SELECT Name FROM Account');
      System.debug(viaDynamic.Id == acc.Id);
      Account withChild = [SELECT Name, (SELECT LastName FROM Contacts) FROM Account];
      System.debug(withChild.Contacts[0].Id != null);`);
    expect(out).to.deep.equal(['true', 'Acme 2', 'true', 'true']);
  });

  it('refuses to read a field the query did not select, on the row, its parent and its children', () => {
    const out = debugOf(`
      Account a = [SELECT Name FROM Account];
      ${attempt('a.Industry')}
      ${attempt("a.get('industry')")}
      Contact c = [SELECT LastName, Account.Name FROM Contact];
      System.debug(c.Account.Name);
      ${attempt('c.Account.Industry')}
      ${attempt('c.AccountId')}
      Account parent = [SELECT Id, (SELECT LastName FROM Contacts) FROM Account];
      ${attempt('parent.Contacts[0].FirstName')}
      List<List<SObject>> found = [FIND 'Acme' IN NAME FIELDS RETURNING Account(Name)];
      ${attempt('((Account) found[0][0]).Industry')}`);
    expect(out).to.deep.equal([
      `${MISSING} Account.Industry`,
      `${MISSING} Account.Industry`,
      'Acme',
      `${MISSING} Account.Industry`,
      `${MISSING} Contact.AccountId`,
      `${MISSING} Contact.FirstName`,
      `${MISSING} Account.Industry`
    ]);
  });

  it('reads what the code set since the query, nulls that were selected, and records not from a query', () => {
    const out = debugOf(`
      Account a = [SELECT Name, Phone FROM Account];
      System.debug(a.Phone);
      a.Industry = 'Retail';
      System.debug(a.Industry);
      System.debug(new Account(Name = 'x').Industry);
      System.debug([SELECT Id FROM Contact].Account);
      AggregateResult ar = [SELECT COUNT(Id) n FROM Account];
      System.debug(ar.get('n'));`);
    expect(out).to.deep.equal(['null', 'Retail', 'null', 'null', '1']);
  });

  it('updates a record read with fields DML cannot write, and writes what the code changed', () => {
    const out = debugOf(`
      Account a = [SELECT Name, CreatedDate, CreatedById, LastModifiedDate FROM Account];
      a.Name = 'Renamed';
      update a;
      System.debug([SELECT Name FROM Account].Name);
      List<Contact> cs = [SELECT LastName, Name, CreatedById FROM Contact];
      cs[0].LastName = 'Lovelace';
      Database.SaveResult r = Database.update(cs[0], false);
      System.debug(r.isSuccess() + ' ' + [SELECT Name FROM Contact].Name);`);
    expect(out).to.deep.equal(['Renamed', 'true Ada Lovelace']);
  });

  it('does not compile writes to fields the org never lets code write, on the local schema', () => {
    const store = openOrgStore();
    const runtime = new ApexRuntime(orgCollaborators(store));
    const problem = (code: string): string | null => executeAnonymous(code, { runtime }).compileProblem;
    expect(problem("Contact c = new Contact(LastName = 'x');\nc.Name = 'y';")).to.equal(
      'Field is not writeable: Contact.Name'
    );
    expect(problem('Opportunity o = new Opportunity(IsWon = true);')).to.equal(
      'Field is not writeable: Opportunity.IsWon'
    );
    expect(problem("Account a = new Account(Name = 'x');\na.Id = null;\na.Name = 'y';")).to.equal(null);
  });
});
