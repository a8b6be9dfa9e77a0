/**
 * Polymorphic relationships and TYPEOF (issue 15, point 4; src/local-org/store/soql/polymorphic.ts,
 * typeof.ts): `What.Name` / `What.Type` through the Name object, `WHERE What.Type IN (…)`, TYPEOF with
 * WHEN and ELSE lists, and the refusals — through the store, the REST query endpoint and inline Apex.
 */
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { SalesforceError, runSoql } from '../../src/local-org/store/index.js';
import { call, connectTo } from './helpers.js';

describe('local org SOQL: polymorphic relationships and TYPEOF', () => {
  let org: LocalOrg;
  const ids: Record<string, string> = {};
  before(async () => {
    org = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC', freeze: true } });
    const s = org.store;
    ids.account = s.insert('Account', { Name: 'Acme', Phone: '555-0100' });
    ids.opportunity = s.insert('Opportunity', {
      Name: 'Big deal',
      StageName: 'Prospecting',
      CloseDate: '2026-04-01',
      Amount: 500,
      CurrencyIsoCode: 'USD'
    });
    ids.case = s.insert('Case', { Subject: 'Broken' });
    ids.contact = s.insert('Contact', { FirstName: 'Ann', LastName: 'Lee' });
    s.insert('Task', { Subject: 'Call Acme', WhatId: ids.account, WhoId: ids.contact });
    s.insert('Task', { Subject: 'Close deal', WhatId: ids.opportunity });
    s.insert('Task', { Subject: 'Fix case', WhatId: ids.case });
    s.insert('Task', { Subject: 'Unrelated' });
  });
  after(() => org.stop());

  const q = (soql: string) => runSoql(org.store, soql).records as Record<string, unknown>[];
  const refused = (soql: string): string => {
    try {
      runSoql(org.store, soql);
    } catch (e) {
      if (e instanceof SalesforceError) return `${e.errorCode}: ${e.message.split('\n').pop()}`;
      throw e;
    }
    throw new Error(`expected ${soql} to be refused`);
  };

  it('reads Name and Type through a polymorphic relationship, with the referenced type in attributes', () => {
    const rows = q('SELECT Subject, What.Name, What.Type, Who.Name FROM Task ORDER BY Subject');
    const caseNumber = String(q('SELECT CaseNumber FROM Case')[0].CaseNumber);
    expect(rows.map((r) => [r.Subject, r.What && (r.What as Record<string, unknown>).Name])).to.deep.equal([
      ['Call Acme', 'Acme'],
      ['Close deal', 'Big deal'],
      ['Fix case', caseNumber],
      ['Unrelated', null]
    ]);
    const what = rows[0].What as { attributes: { type: string; url: string }; Type: string };
    expect(what.attributes.type).to.equal('Account');
    expect(what.attributes.url).to.match(new RegExp(`/sobjects/Account/${ids.account}$`));
    expect(what.Type).to.equal('Account');
    expect((rows[0].Who as Record<string, unknown>).Name).to.equal('Ann Lee');
    expect(rows[1].Who, 'no WhoId').to.equal(null);
  });

  it('filters on the referenced type', () => {
    const rows = q("SELECT Subject FROM Task WHERE What.Type IN ('Account', 'Opportunity') ORDER BY Subject");
    expect(rows.map((r) => r.Subject)).to.deep.equal(['Call Acme', 'Close deal']);
  });

  it('selects per-type fields with TYPEOF, and the ELSE list for the other types', () => {
    const rows = q(
      'SELECT Subject, TYPEOF What WHEN Account THEN Phone, Name WHEN Opportunity THEN Amount ELSE Name, Type END FROM Task ORDER BY Subject'
    );
    const whats = rows.map((r) => r.What as Record<string, unknown> | null);
    expect(whats[0]).to.deep.include({ Phone: '555-0100', Name: 'Acme' });
    expect(whats[0]).to.not.have.property('Amount');
    expect(whats[1]).to.deep.include({ Amount: 500 });
    expect(whats[1]).to.not.have.property('Name');
    expect((whats[1]!.attributes as { type: string }).type).to.equal('Opportunity');
    expect(whats[2]).to.deep.include({ Type: 'Case' });
    expect(whats[3]).to.equal(null);
    // without ELSE, a record of another type keeps only its attributes
    const noElse = q("SELECT TYPEOF What WHEN Account THEN Phone END FROM Task WHERE Subject = 'Fix case'");
    expect(Object.keys(noElse[0].What as object)).to.deep.equal(['attributes']);
  });

  it('refuses what the SOQL reference refuses, and what the local org does not model, loudly', () => {
    expect(refused('SELECT TYPEOF Account WHEN Account THEN Name END FROM Contact')).to.match(
      /^MALFORMED_QUERY: TYPEOF can only be used with a polymorphic relationship field/
    );
    expect(refused('SELECT TYPEOF What WHEN Contact THEN Name END FROM Task')).to.match(
      /What cannot reference Contact/
    );
    expect(refused('SELECT What.Name, TYPEOF What WHEN Account THEN Phone END FROM Task')).to.match(
      /cannot also be referenced in the field list/
    );
    expect(refused('SELECT TYPEOF What WHEN Account THEN NoSuchField__c END FROM Task')).to.match(
      /^INVALID_FIELD: No such column 'NoSuchField__c' on entity 'Account'/
    );
    expect(refused('SELECT What.Email FROM Task')).to.match(
      /Email of the polymorphic Name object is not supported by the local org/
    );
    expect(refused('SELECT What.Bogus FROM Task')).to.match(/^INVALID_FIELD: No such column 'Bogus' on entity 'Name'/);
    expect(refused('SELECT What.Owner.Name FROM Task')).to.match(
      /beyond the polymorphic What are not supported by the local org/
    );
    expect(refused('SELECT COUNT(Id), TYPEOF What WHEN Account THEN Phone END FROM Task')).to.match(/MALFORMED_QUERY/);
  });

  it('answers TYPEOF through REST and inline Apex', async () => {
    const soql = "SELECT TYPEOF What WHEN Account THEN Phone END FROM Task WHERE Subject = 'Call Acme'";
    const r = await call(org, 'GET', `/services/data/v65.0/query?q=${encodeURIComponent(soql)}`);
    expect(r.status, r.text).to.equal(200);
    expect((r.json as { records: { What: { Phone: string } }[] }).records[0].What.Phone).to.equal('555-0100');
    const conn = await connectTo(org);
    const result = await conn.tooling.executeAnonymous(
      [
        "Task t = [SELECT Subject, TYPEOF What WHEN Account THEN Phone END FROM Task WHERE Subject = 'Call Acme'];",
        "Assert.isTrue(t.What instanceof Account, 'the referenced type');",
        "Assert.areEqual('555-0100', ((Account) t.What).Phone, 'the WHEN field');",
        "List<Task> related = [SELECT Id FROM Task WHERE What.Type = 'Opportunity'];",
        "Assert.areEqual(1, related.size(), 'filtered by the referenced type');",
        "Task named = [SELECT What.Name FROM Task WHERE Subject = 'Close deal'];",
        "Assert.areEqual('Big deal', named.What.Name, 'Name through the polymorphic relationship');"
      ].join('\n')
    );
    expect([result.compiled, result.success, result.compileProblem ?? result.exceptionMessage ?? null]).to.deep.equal([
      true,
      true,
      null
    ]);
  });
});
