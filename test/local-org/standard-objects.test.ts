/**
 * Standard objects as data (issue 15, point 1): the object files in src/local-org/store/objects/ load
 * into the schema with the Object Reference's properties, documented key prefixes, required-field
 * errors, defaulted picklists, auto-filled compound names and auto numbers, and CurrencyIsoCode in the
 * (multi-currency) local org; REST and Apex see them like any object.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { runSoql } from '../../src/local-org/store/index.js';
import { call, connectTo } from './helpers.js';

const DIR = resolve(import.meta.dirname, '../../src/local-org/store/objects');

/** Key prefixes from the help article "Salesforce record ID prefixes" (000385203) and the objects' pages. */
const PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  Opportunity: '006',
  OpportunityLineItem: '00k',
  Product2: '01t',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  Case: '500',
  Task: '00T',
  Event: '00U',
  Campaign: '701',
  CampaignMember: '00v',
  Note: '002'
};

describe('standard objects from the object files', () => {
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg();
  });
  after(() => org.stop());

  it('has one file per object, each citing its Object Reference page', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).to.deep.equal(Object.keys(PREFIXES).sort());
    for (const f of files) {
      const o = JSON.parse(readFileSync(resolve(DIR, f), 'utf8')) as {
        source: string;
        keyPrefix: string;
        name: string;
      };
      expect(o.source, f).to.match(/^https:\/\/developer\.salesforce\.com\/docs\//);
      expect(o.keyPrefix, f).to.equal(PREFIXES[o.name]);
      expect(org.store.schema.get(o.name)?.keyPrefix, f).to.equal(PREFIXES[o.name]);
    }
  });

  it('derives field properties from the reference Properties line', () => {
    const amount = org.store.schema.field('Opportunity', 'Amount') as unknown as Record<string, unknown>;
    // "Create, Filter, Nillable, Sort, Update": not groupable (currency)
    expect(amount).to.deep.include({
      createable: true,
      updateable: true,
      nillable: true,
      filterable: true,
      groupable: false,
      sortable: true
    });
    const closed = org.store.schema.field('Opportunity', 'IsClosed') as unknown as Record<string, unknown>;
    expect(closed).to.deep.include({ createable: false, updateable: false, filterable: true });
    const description = org.store.schema.field('Account', 'Description') as unknown as Record<string, unknown>;
    expect(description).to.deep.include({ type: 'textarea', length: 32000, filterable: false, sortable: false });
  });

  it('issues Ids with the documented key prefixes and reports missing required fields', () => {
    const acct = org.store.insert('Account', { Name: 'Acme' });
    expect(acct.slice(0, 3)).to.equal('001');
    expect(() => org.store.insert('Account', { Site: 'HQ' })).to.throw('Required fields are missing: [Name]');
    expect(() => org.store.insert('Opportunity', { Name: 'Deal' })).to.throw(
      'Required fields are missing: [StageName, CloseDate]'
    );
    expect(() => org.store.insert('Contact', { FirstName: 'Ada' })).to.throw('Required fields are missing: [LastName]');
    expect(() => org.store.insert('Lead', { LastName: 'Lee' })).to.throw('Required fields are missing: [Company]');
  });

  it('fills compound names, auto numbers and defaulted picklists as the platform does', () => {
    const id = org.store.insert('Contact', { FirstName: 'Ada', LastName: 'Lovelace' });
    expect(org.store.retrieve('Contact', id, ['Name']).Name).to.equal('Ada Lovelace');
    org.store.update('Contact', id, { FirstName: 'Augusta' });
    expect(org.store.retrieve('Contact', id, ['Name']).Name).to.equal('Augusta Lovelace');
    expect(() => org.store.update('Contact', id, { Name: 'x' })).to.throw(/Unable to create\/update fields: Name/);
    const lead = org.store.insert('Lead', { LastName: 'Lee', Company: 'Lee Ltd' });
    expect(org.store.retrieve('Lead', lead, ['Status', 'Name'])).to.deep.equal({
      Status: 'Open - Not Contacted',
      Name: 'Lee'
    });
    const c1 = org.store.insert('Case', { Subject: 'Broken' });
    const c2 = org.store.insert('Case', { Subject: 'Broken too' });
    expect([c1, c2].map((c) => org.store.retrieve('Case', c, ['CaseNumber', 'Status']))).to.deep.equal([
      { CaseNumber: '00000001', Status: 'New' },
      { CaseNumber: '00000002', Status: 'New' }
    ]);
    const task = org.store.insert('Task', { Subject: 'Call' });
    expect(org.store.retrieve('Task', task, ['Status', 'Priority', 'OwnerId'])).to.deep.equal({
      Status: 'Not Started',
      Priority: 'Normal',
      OwnerId: org.userId
    });
  });

  it('gives currency-bearing objects CurrencyIsoCode: the user currency by default, active currencies only', () => {
    const id = org.store.insert('Opportunity', {
      Name: 'Deal',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      Amount: 10
    });
    expect(org.store.retrieve('Opportunity', id, ['CurrencyIsoCode']).CurrencyIsoCode).to.equal('USD');
    const eur = org.store.insert('Account', { Name: 'Euro', CurrencyIsoCode: 'EUR' });
    expect(org.store.retrieve('Account', eur, ['CurrencyIsoCode']).CurrencyIsoCode).to.equal('EUR');
    expect(() => org.store.insert('Account', { Name: 'Bad', CurrencyIsoCode: 'XAU' })).to.throw(
      'bad value for restricted picklist field: XAU'
    );
    expect(org.store.schema.field('Task', 'CurrencyIsoCode')).to.equal(undefined);
  });

  it('serves the objects over REST (describe, create, relationship query)', async () => {
    const conn = await connectTo(org);
    const d = await conn.sobject('Account').describe();
    expect(d.keyPrefix).to.equal('001');
    expect(d.fields.find((f) => f.name === 'Industry')?.picklistValues?.map((p) => p.value)).to.include('Banking');
    const a = await conn.sobject('Account').create({ Name: 'Rest Co' });
    const o = await conn.sobject('Opportunity').create({
      Name: 'Rest deal',
      StageName: 'Qualification',
      CloseDate: '2027-01-31',
      AccountId: (a as { id: string }).id
    });
    expect((o as { success: boolean }).success).to.equal(true);
    const q = await call(
      org,
      'GET',
      `/services/data/v65.0/query?q=${encodeURIComponent("SELECT Name, Account.Name FROM Opportunity WHERE Name = 'Rest deal'")}`
    );
    expect((q.json as { records: { Account: { Name: string } }[] }).records[0].Account.Name).to.equal('Rest Co');
    const missing = await call(org, 'POST', '/services/data/v65.0/sobjects/Contact', { FirstName: 'No' });
    expect(missing.status).to.equal(400);
    expect(missing.json).to.deep.equal([
      { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }
    ]);
  });

  it('lets Apex insert and query them', async () => {
    const conn = await connectTo(org);
    const r = await conn.tooling.executeAnonymous(
      "Account a = new Account(Name = 'Apex Co'); insert a; Contact c = new Contact(LastName = 'Byron', AccountId = a.Id); insert c; Contact back = [SELECT Name, Account.Name FROM Contact WHERE Id = :c.Id]; Assert.areEqual('Apex Co', back.Account.Name, 'parent'); Assert.isTrue(String.valueOf(c.Id).startsWith('003'), 'prefix');"
    );
    expect([r.compiled, r.success, r.exceptionMessage ?? r.compileProblem]).to.deep.equal([true, true, null]);
    expect(runSoql(org.store, "SELECT COUNT() FROM Contact WHERE LastName = 'Byron'").totalSize).to.equal(1);
  });
});
