/**
 * SOSL (issue 15, point 4): FIND {…} IN ALL/NAME/EMAIL/PHONE FIELDS RETURNING Obj(fields WHERE …
 * ORDER BY … LIMIT …), through the REST /search endpoint, inline Apex SOSL and Search.query; in an Apex
 * test, SOSL answers only Test.setFixedSearchResults' Ids, filtered by WHERE and LIMIT.
 */
import { expect } from 'chai';
import type { Connection } from '@salesforce/core';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, connectTo, errorCode } from './helpers.js';

describe('local org SOSL: FIND … RETURNING through REST and Apex', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
    const s = org.store;
    const acme = s.insert('Account', { Name: 'Acme Rockets', Industry: 'Energy', Phone: '(415) 555-1212' });
    s.insert('Account', { Name: 'Globex', Description: 'Supplier of rockets and anvils' });
    s.insert('Account', { Name: 'Initech' });
    s.insert('Contact', { FirstName: 'Wile', LastName: 'Coyote', Email: 'wile@acme.example', AccountId: acme });
    s.insert('Lead', { LastName: 'Runner', Company: 'Acme Birds', Status: 'Open - Not Contacted' });
  });
  after(() => org.stop());

  const search = async (sosl: string) => call(org, 'GET', `/services/data/v65.0/search?q=${encodeURIComponent(sosl)}`);
  const found = async (sosl: string): Promise<string[]> => {
    const r = await search(sosl);
    expect(r.status, JSON.stringify(r.json)).to.equal(200);
    return (r.json as { searchRecords: { attributes: { type: string }; Name?: string }[] }).searchRecords.map(
      (x) => `${x.attributes.type}:${x.Name ?? ''}`
    );
  };
  const apex = async (code: string) => {
    const r = await conn.tooling.executeAnonymous(code);
    return [r.compiled, r.success, r.exceptionMessage ?? r.compileProblem ?? null];
  };

  it('matches whole words case-insensitively in ALL FIELDS, and only name fields in NAME FIELDS', async () => {
    expect(await found('FIND {rockets} IN ALL FIELDS RETURNING Account(Name ORDER BY Name)')).to.deep.equal([
      'Account:Acme Rockets',
      'Account:Globex'
    ]);
    expect(await found('FIND {rockets} IN NAME FIELDS RETURNING Account(Name)')).to.deep.equal([
      'Account:Acme Rockets'
    ]);
    expect(await found('FIND {rock} RETURNING Account(Name)')).to.deep.equal([]);
  });

  it('applies wildcards, OR, AND NOT, phrases, and each object its WHERE, ORDER BY and LIMIT', async () => {
    expect(await found('FIND {acm*} RETURNING Account(Name), Contact(Name), Lead(Name)')).to.deep.equal([
      'Account:Acme Rockets',
      'Contact:Wile Coyote',
      'Lead:Runner'
    ]);
    expect(await found('FIND {globex OR initech} RETURNING Account(Name ORDER BY Name DESC)')).to.deep.equal([
      'Account:Initech',
      'Account:Globex'
    ]);
    expect(await found('FIND {rockets AND NOT anvils} RETURNING Account(Name)')).to.deep.equal([
      'Account:Acme Rockets'
    ]);
    expect(await found('FIND {"acme rockets"} RETURNING Account(Name)')).to.deep.equal(['Account:Acme Rockets']);
    expect(
      await found("FIND {rockets} RETURNING Account(Name WHERE Industry = 'Energy'), Contact(Name LIMIT 1)")
    ).to.deep.equal(['Account:Acme Rockets']);
    expect(await found('FIND {acme*} RETURNING Account(Name), Contact(Name) LIMIT 1')).to.deep.equal([
      'Account:Acme Rockets'
    ]);
    expect(await found('FIND {4155551212} IN PHONE FIELDS RETURNING Account(Name)')).to.deep.equal([
      'Account:Acme Rockets'
    ]);
    expect(await found('FIND {wile} IN EMAIL FIELDS RETURNING Contact(Name)')).to.deep.equal(['Contact:Wile Coyote']);
  });

  it('refuses malformed searches with MALFORMED_SEARCH and unknown objects with INVALID_TYPE', async () => {
    for (const sosl of ['FIND {a} RETURNING Account', 'FIND {acme} IN SIDEBAR FIELDS RETURNING Account', 'FIND acme']) {
      const r = await search(sosl);
      expect([r.status, errorCode(r)], sosl).to.deep.equal([400, 'MALFORMED_SEARCH']);
    }
    expect((await search('FIND {a} RETURNING Account')).json).to.deep.equal([
      { errorCode: 'MALFORMED_SEARCH', message: 'search term must be longer than one character' }
    ]);
    expect(errorCode(await search('FIND {acme} RETURNING Nope__c'))).to.equal('INVALID_TYPE');
  });

  it('runs inline SOSL and Search.query in Apex as List<List<SObject>>', async () => {
    expect(
      await apex(
        "String term = 'acme*';\n" +
          'List<List<SObject>> r = [FIND :term IN ALL FIELDS RETURNING Account(Name ORDER BY Name), Contact(LastName)];\n' +
          "Assert.areEqual(2, r.size(), 'one list per RETURNING object');\n" +
          'List<Account> accts = (List<Account>) r[0];\n' +
          "Assert.areEqual('Acme Rockets', accts[0].Name, 'account found');\n" +
          "Assert.areEqual('Coyote', ((Contact) r[1][0]).LastName, 'contact found');\n" +
          "List<List<SObject>> d = Search.query('FIND {globex} RETURNING Account(Name)');\n" +
          "Assert.areEqual('Globex', ((Account) d[0][0]).Name, 'Search.query');\n" +
          "Assert.areEqual(2, Limits.getSoslQueries(), 'two SOSL statements counted');"
      )
    ).to.deep.equal([true, true, null]);
  });
});
