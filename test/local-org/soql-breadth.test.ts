/**
 * SOQL breadth (issue 15, point 4): child relationship subqueries, semi-joins and anti-joins, HAVING,
 * date functions in SELECT/WHERE/GROUP BY/ORDER BY (UTC, or the user's zone through convertTimezone()),
 * parent paths up to five levels, FOR UPDATE, and Apex's ALL ROWS — through the REST query endpoint and
 * inline Apex SOQL, which share the store's engine.
 */
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, connectTo, errorCode } from './helpers.js';

describe('local org SOQL breadth: subqueries, joins, HAVING, date functions', () => {
  let org: LocalOrg;
  let conn: Connection;
  const ids: Record<string, string> = {};
  before(async () => {
    // 01:30 UTC on 1 March is still 28 February in Los Angeles: UTC and convertTimezone() differ.
    org = await startLocalOrg({
      clock: { now: '2026-03-01T01:30:00Z', timeZone: 'America/Los_Angeles', freeze: true }
    });
    conn = await connectTo(org);
    const s = org.store;
    ids.acme = s.insert('Account', { Name: 'Acme' });
    ids.beta = s.insert('Account', { Name: 'Beta', ParentId: ids.acme });
    ids.gamma = s.insert('Account', { Name: 'Gamma', ParentId: ids.beta });
    ids.delta = s.insert('Account', { Name: 'Delta', ParentId: ids.gamma });
    ids.eps = s.insert('Account', { Name: 'Eps', ParentId: ids.delta });
    ids.zeta = s.insert('Account', { Name: 'Zeta', ParentId: ids.eps });
    for (const [last, acct] of [
      ['Zed', 'acme'],
      ['Ann', 'acme'],
      ['Bob', 'beta']
    ])
      s.insert('Contact', { LastName: last, AccountId: ids[acct] });
    ids.gone = s.insert('Contact', { LastName: 'Gone', AccountId: ids.gamma });
    s.delete('Contact', ids.gone);
    for (const [name, close, amount] of [
      ['O1', '2025-12-31', 10],
      ['O2', '2026-01-15', 20],
      ['O3', '2026-01-20', 30],
      ['O4', '2026-02-01', 40]
    ] as const)
      s.insert('Opportunity', {
        Name: name,
        StageName: 'Prospecting',
        CloseDate: close,
        Amount: amount,
        AccountId: ids.acme
      });
  });
  after(() => org.stop());

  const query = async (soql: string) => call(org, 'GET', `/services/data/v65.0/query?q=${encodeURIComponent(soql)}`);
  const records = async (soql: string) => {
    const r = await query(soql);
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    return (r.json as { records: Record<string, unknown>[] }).records;
  };
  const apex = async (code: string) => {
    const r = await conn.tooling.executeAnonymous(code);
    return [r.compiled, r.success, r.exceptionMessage ?? r.compileProblem ?? null];
  };

  it('answers child relationship subqueries per parent, with LIMIT per parent and null when none (REST)', async () => {
    const rows = await records(
      "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName LIMIT 1) FROM Account WHERE Name IN ('Acme', 'Gamma') ORDER BY Name"
    );
    expect(
      rows.map((r) => [
        r.Name,
        (r.Contacts as { records?: { LastName: string }[] } | null)?.records?.map((c) => c.LastName) ?? null
      ])
    ).to.deep.equal([
      ['Acme', ['Ann']],
      ['Gamma', null]
    ]);
    expect((rows[0].Contacts as { totalSize: number; done: boolean }).done).to.equal(true);
    const bad = await query('SELECT Name, (SELECT LastName FROM Contactz) FROM Account');
    expect([bad.status, errorCode(bad)]).to.deep.equal([400, 'INVALID_TYPE']);
    expect((bad.json as { message: string }[])[0].message).to.contain(
      "Didn't understand relationship 'Contactz' in FROM part of query call."
    );
  });

  it('gives Apex child lists (empty, not null, when a parent has none) and ALL ROWS with deleted rows', async () => {
    expect(
      await apex(
        "List<Account> accts = [SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name IN ('Acme', 'Gamma') ORDER BY Name];\n" +
          "Assert.areEqual(2, accts[0].Contacts.size(), 'Acme has two contacts');\n" +
          "Assert.areEqual('Ann', accts[0].Contacts[0].LastName, 'ordered by LastName');\n" +
          "Assert.areEqual(0, accts[1].Contacts.size(), 'Gamma has none: an empty list');\n" +
          "Integer live = [SELECT COUNT() FROM Contact WHERE LastName = 'Gone'];\n" +
          "List<Contact> all = [SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Gone' ALL ROWS];\n" +
          "Assert.areEqual(0, live, 'deleted rows are not queried');\n" +
          "Assert.areEqual(1, all.size(), 'ALL ROWS sees the Recycle Bin');\n" +
          "Assert.isTrue(all[0].IsDeleted, 'IsDeleted');"
      )
    ).to.deep.equal([true, true, null]);
    const rest = await query("SELECT Id FROM Contact WHERE LastName = 'Gone' ALL ROWS");
    expect([rest.status, errorCode(rest)]).to.deep.equal([400, 'MALFORMED_QUERY']);
  });

  it('filters with semi-joins and anti-joins', async () => {
    const inSemi = await records('SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact) ORDER BY Name');
    expect(inSemi.map((r) => r.Name)).to.deep.equal(['Acme', 'Beta']);
    const anti = await records(
      'SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact) AND Id NOT IN (SELECT AccountId FROM Opportunity) ORDER BY Name'
    );
    expect(anti.map((r) => r.Name)).to.deep.equal(['Delta', 'Eps', 'Gamma', 'Zeta']);
    const nested = await query(
      'SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Id IN (SELECT ContactId FROM Case))'
    );
    expect([nested.status, errorCode(nested)]).to.deep.equal([400, 'MALFORMED_QUERY']);
    const twoFields = await query('SELECT Name FROM Account WHERE Id IN (SELECT AccountId, LastName FROM Contact)');
    expect(errorCode(twoFields)).to.equal('MALFORMED_QUERY');
    expect(
      await apex(
        "Set<Id> withContacts = new Map<Id, Account>([SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = :'Bob')]).keySet();\n" +
          "Assert.areEqual(1, withContacts.size(), 'only Beta has Bob');"
      )
    ).to.deep.equal([true, true, null]);
  });

  it('filters groups with HAVING on aggregates and grouped fields', async () => {
    const rows = await records('SELECT AccountId, COUNT(Id) n FROM Contact GROUP BY AccountId HAVING COUNT(Id) > 1');
    expect(rows).to.deep.equal([{ attributes: { type: 'AggregateResult' }, AccountId: ids.acme, n: 2 }]);
    const sums = await records(
      'SELECT CALENDAR_MONTH(CloseDate) m, SUM(Amount) total FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2026 GROUP BY CALENDAR_MONTH(CloseDate) HAVING SUM(Amount) >= 40 ORDER BY CALENDAR_MONTH(CloseDate)'
    );
    expect(sums.map((r) => [r.m, r.total])).to.deep.equal([
      [1, 50],
      [2, 40]
    ]);
    const ungrouped = await query('SELECT COUNT(Id) FROM Contact HAVING COUNT(Id) > 1');
    expect(errorCode(ungrouped)).to.equal('MALFORMED_QUERY');
    const notGrouped = await query(
      'SELECT AccountId, COUNT(Id) FROM Contact GROUP BY AccountId HAVING LastName = null'
    );
    expect(errorCode(notGrouped)).to.equal('MALFORMED_QUERY');
    expect(
      await apex(
        'List<AggregateResult> groups = [SELECT AccountId, COUNT(Id) n FROM Contact GROUP BY AccountId HAVING COUNT(Id) > 1];\n' +
          "Assert.areEqual(1, groups.size(), 'one account has two contacts');\n" +
          "Integer n = (Integer) groups[0].get('n');\n" +
          "Assert.areEqual(2, n, 'COUNT is an Integer');"
      )
    ).to.deep.equal([true, true, null]);
  });

  it('evaluates date functions on dates, and on date-times in UTC unless convertTimezone() is used', async () => {
    const perDay = await records(
      "SELECT DAY_IN_WEEK(CloseDate) d, DAY_IN_YEAR(CloseDate) y, WEEK_IN_YEAR(CloseDate) w, WEEK_IN_MONTH(CloseDate) wm, CALENDAR_QUARTER(CloseDate) q, DAY_IN_MONTH(CloseDate) dm FROM Opportunity WHERE Name = 'O4' GROUP BY DAY_IN_WEEK(CloseDate), DAY_IN_YEAR(CloseDate), WEEK_IN_YEAR(CloseDate), WEEK_IN_MONTH(CloseDate), CALENDAR_QUARTER(CloseDate), DAY_IN_MONTH(CloseDate)"
    );
    // 2026-02-01 is a Sunday, the 32nd day of the year, in week 5 of the year and week 1 of February.
    expect(perDay.map((r) => [r.d, r.y, r.w, r.wm, r.q, r.dm])).to.deep.equal([[1, 32, 5, 1, 1, 1]]);
    const created = await records(
      "SELECT DAY_ONLY(CreatedDate) utc, DAY_ONLY(convertTimezone(CreatedDate)) local, HOUR_IN_DAY(CreatedDate) h FROM Account WHERE Name = 'Acme' GROUP BY DAY_ONLY(CreatedDate), DAY_ONLY(convertTimezone(CreatedDate)), HOUR_IN_DAY(CreatedDate)"
    );
    expect(created.map((r) => [r.utc, r.local, r.h])).to.deep.equal([['2026-03-01', '2026-02-28', 1]]);
    const where = await records("SELECT Name FROM Account WHERE DAY_ONLY(CreatedDate) = 2026-03-01 AND Name = 'Acme'");
    expect(where.map((r) => r.Name)).to.deep.equal(['Acme']);
    const ungrouped = await query('SELECT CALENDAR_YEAR(CloseDate) FROM Opportunity');
    expect(errorCode(ungrouped)).to.equal('MALFORMED_QUERY');
    const onText = await query('SELECT Name FROM Account WHERE CALENDAR_YEAR(Name) = 2026');
    expect(errorCode(onText)).to.equal('MALFORMED_QUERY');
    const fiscal = await query('SELECT FISCAL_YEAR(CloseDate) FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate)');
    expect((fiscal.json as { message: string }[])[0].message).to.contain('not supported by the local org');
    expect(
      await apex(
        'List<AggregateResult> r = [SELECT CALENDAR_YEAR(CloseDate) y, COUNT(Id) n FROM Opportunity GROUP BY CALENDAR_YEAR(CloseDate) ORDER BY CALENDAR_YEAR(CloseDate)];\n' +
          "Assert.areEqual(2025, (Integer) r[0].get('y'), 'first year');\n" +
          "Assert.areEqual(3, (Integer) r[1].get('n'), 'three in 2026');"
      )
    ).to.deep.equal([true, true, null]);
  });

  it('follows parent paths up to five levels and refuses a sixth', async () => {
    const five = await records("SELECT Name, Parent.Parent.Parent.Parent.Parent.Name FROM Account WHERE Name = 'Zeta'");
    type P = { Parent: P | null; Name?: string };
    let p = five[0] as unknown as P;
    for (let i = 0; i < 5; i++) p = p.Parent!;
    expect(p.Name).to.equal('Acme');
    const broken = await records("SELECT Parent.Parent.Name FROM Account WHERE Name = 'Beta'");
    expect((broken[0] as unknown as P).Parent).to.deep.include({ Parent: null });
    const six = await query('SELECT Parent.Parent.Parent.Parent.Parent.Parent.Name FROM Account');
    expect([six.status, errorCode(six)]).to.deep.equal([400, 'MALFORMED_QUERY']);
    expect(
      await apex(
        "Account z = [SELECT Parent.Parent.Parent.Name FROM Account WHERE Name = 'Zeta'];\n" +
          "Assert.areEqual('Gamma', z.Parent.Parent.Parent.Name, 'three levels up');"
      )
    ).to.deep.equal([true, true, null]);
  });

  it('accepts FOR UPDATE and refuses ORDER BY with it, as the SOQL reference says', async () => {
    expect((await records("SELECT Id FROM Account WHERE Name = 'Acme' FOR UPDATE")).length).to.equal(1);
    const ordered = await query('SELECT Id FROM Account ORDER BY Name FOR UPDATE');
    expect(errorCode(ordered)).to.equal('MALFORMED_QUERY');
    expect(
      await apex(
        "Account a = [SELECT Id, Name FROM Account WHERE Name = 'Acme' LIMIT 1 FOR UPDATE]; a.Name = 'Acme'; update a;"
      )
    ).to.deep.equal([true, true, null]);
  });
});
