import { expect } from 'chai';
import { Clock, openOrgStore, runSoql, type Store } from '../../src/local-org/store/index.js';
import { errorOf } from './helpers.js';

describe('local org SOQL', () => {
  let store: Store;
  const q = (soql: string) => runSoql(store, soql);
  before(() => {
    store = openOrgStore({
      clock: new Clock('UTC', '2026-03-10T12:00:00Z'),
      seed: {
        corporate: 'USD',
        currencies: [
          { isoCode: 'USD', conversionRate: 1 },
          { isoCode: 'EUR', conversionRate: 0.9 },
          { isoCode: 'GBP', conversionRate: 0.8 },
          { isoCode: 'JPY', conversionRate: 150, active: false }
        ],
        datedRates: [
          { isoCode: 'EUR', startDate: '2026-03-01', conversionRate: 0.91 },
          { isoCode: 'EUR', startDate: '2026-03-09', conversionRate: 0.92 },
          { isoCode: 'EUR', startDate: '2026-03-10', conversionRate: 0.93 },
          { isoCode: 'GBP', startDate: '2026-02-01', conversionRate: 0.81 }
        ],
        // Sortable and groupable fields for the ORDER BY / GROUP BY tests (CurrencyType and
        // DatedConversionRate fields are Filter-only: soql-field-properties.test.ts).
        records: {
          AsyncApexJob: [
            { JobType: 'BatchApex', Status: 'Completed', JobItemsProcessed: 3, CompletedDate: '2026-03-09T10:00:00Z' },
            { JobType: 'BatchApex', Status: 'Failed', JobItemsProcessed: 1, CompletedDate: '2026-03-10T10:00:00Z' },
            { JobType: 'Queueable', Status: 'Completed', JobItemsProcessed: 0, CompletedDate: null },
            { JobType: 'BatchApex', Status: 'Queued', JobItemsProcessed: 0, CompletedDate: null },
            { JobType: 'BatchApex', Status: 'Completed', JobItemsProcessed: 5, CompletedDate: '2026-03-08T10:00:00Z' }
          ]
        }
      }
    });
  });
  after(() => store.close());

  it('selects fields with WHERE, AND/OR/NOT, IN and LIKE, case-insensitively', () => {
    const r = q(
      "SELECT IsoCode FROM CurrencyType WHERE (IsoCode IN ('eur', 'GBP') OR IsoCode LIKE 'u%') AND NOT IsActive = false"
    );
    expect(r.records.map((x) => x.IsoCode).sort()).to.deep.equal(['EUR', 'GBP', 'USD']);
    expect(
      q("SELECT IsoCode FROM CurrencyType WHERE IsoCode NOT IN ('EUR','GBP','USD')").records.map((x) => x.IsoCode)
    ).to.deep.equal(['JPY']);
    expect(r.records[0].attributes).to.deep.include({ type: 'CurrencyType' });
  });

  it('refuses AND and OR mixed without parentheses', () => {
    expect(
      errorOf(() => q("SELECT Id FROM CurrencyType WHERE IsoCode = 'EUR' AND IsActive = true OR IsCorporate = true"))
        .errorCode
    ).to.equal('MALFORMED_QUERY');
  });

  it('applies date literals in the org time zone', () => {
    const dates = (where: string) =>
      q(`SELECT StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND ${where}`)
        .records.map((x) => String(x.StartDate))
        .sort();
    expect(dates('StartDate = TODAY')).to.deep.equal(['2026-03-10']);
    expect(dates('StartDate = YESTERDAY')).to.deep.equal(['2026-03-09']);
    expect(dates('StartDate = LAST_N_DAYS:1')).to.deep.equal(['2026-03-09', '2026-03-10']);
    expect(dates('StartDate < LAST_N_DAYS:1 AND StartDate > 2000-01-01')).to.deep.equal(['2026-03-01']);
    expect(dates('StartDate = THIS_MONTH')).to.deep.equal(['2026-03-01', '2026-03-09', '2026-03-10']);
    expect(q('SELECT COUNT() FROM DatedConversionRate WHERE CreatedDate = TODAY').totalSize).to.be.greaterThan(0);
  });

  it('orders by several fields with NULLS FIRST/LAST, and pages with LIMIT/OFFSET', () => {
    const r = q(
      "SELECT JobType, JobItemsProcessed FROM AsyncApexJob WHERE JobType IN ('BatchApex','Queueable') ORDER BY JobType DESC, JobItemsProcessed DESC LIMIT 2 OFFSET 1"
    );
    expect(r.records.map((x) => `${String(x.JobType)}@${String(x.JobItemsProcessed)}`)).to.deep.equal([
      'BatchApex@5',
      'BatchApex@3'
    ]);
    const dates = q('SELECT CompletedDate FROM AsyncApexJob ORDER BY CompletedDate DESC NULLS LAST LIMIT 3');
    expect(dates.records.map((x) => String(x.CompletedDate).slice(0, 10))).to.deep.equal([
      '2026-03-10',
      '2026-03-09',
      '2026-03-08'
    ]);
    const nulls = q('SELECT Name FROM Organization ORDER BY NamespacePrefix NULLS LAST, Name');
    expect(nulls.totalSize).to.equal(1);
  });

  it('aggregates with GROUP BY, aliases and exprN names', () => {
    const r = q(
      "SELECT JobType, COUNT(Id), MAX(CompletedDate) latest, MIN(JobItemsProcessed), SUM(JobItemsProcessed) FROM AsyncApexJob WHERE JobType IN ('BatchApex','Queueable') GROUP BY JobType ORDER BY JobType"
    );
    expect(r.records).to.have.length(2);
    expect(r.records[0]).to.deep.include({ JobType: 'BatchApex', expr0: 4, expr1: 0, expr2: 9 });
    expect(String(r.records[0].latest)).to.match(/^2026-03-10T10:00:00/);
    expect(r.records[0].attributes).to.deep.equal({ type: 'AggregateResult' });
    expect(q("SELECT COUNT() FROM DatedConversionRate WHERE IsoCode = 'EUR'").totalSize).to.equal(4);
    expect(
      q("SELECT MAX(StartDate) latest, MIN(ConversionRate) FROM DatedConversionRate WHERE IsoCode = 'EUR'").records[0]
    ).to.deep.include({ latest: '2026-03-10', expr0: 0.9 });
    expect(
      q('SELECT Status st, COUNT(Id) n FROM AsyncApexJob GROUP BY Status ORDER BY Status LIMIT 1').records[0]
    ).to.deep.include({ st: 'Completed', n: 3 });
    expect(errorOf(() => q('SELECT IsoCode iso FROM CurrencyType')).message).to.contain(
      'Only aggregate expressions use field aliasing'
    );
    expect(errorOf(() => q('SELECT IsoCode, COUNT(Id) FROM DatedConversionRate')).errorCode).to.equal(
      'MALFORMED_QUERY'
    );
  });

  it('follows a parent relationship one level deep', () => {
    const r = q('SELECT Username, Profile.Name FROM User');
    expect(r.records[0].Profile).to.deep.include({ Name: 'System Administrator' });
    expect((r.records[0].Profile as { attributes: { type: string } }).attributes.type).to.equal('Profile');
    // The admin and the Automated Process user (store/seed.ts).
    const g = q('SELECT Profile.Name, COUNT(Id) FROM User GROUP BY Profile.Name');
    expect(g.records[0]).to.deep.include({ Name: 'System Administrator', expr0: 2 });
  });

  it('words unknown fields and objects like Salesforce', () => {
    const f = errorOf(() => q('SELECT Id, Bogus__c FROM CurrencyType'));
    expect(f.errorCode).to.equal('INVALID_FIELD');
    expect(f.message)
      .to.contain("No such column 'Bogus__c' on entity 'CurrencyType'")
      .and.contain('ERROR at Row:1:Column:12');
    const t = errorOf(() => q('SELECT Id FROM ScratchOrgInfo'));
    expect(t.errorCode).to.equal('INVALID_TYPE');
    expect(t.message).to.contain("sObject type 'ScratchOrgInfo' is not supported");
    expect(errorOf(() => q('SELECT Id FROM Profile WHERE Nope.Name = null')).message).to.contain(
      "Didn't understand relationship 'Nope'"
    );
  });

  it('names unsupported parts instead of answering wrongly', () => {
    for (const [soql, part] of [
      ['SELECT toLabel(Industry) FROM Account', 'toLabel'],
      ['SELECT FORMAT(CreatedDate) FROM User', 'FORMAT'],
      ['SELECT Id FROM User FOR VIEW', 'FOR VIEW'],
      ['SELECT Id FROM DatedConversionRate WHERE StartDate = THIS_FISCAL_YEAR', 'THIS_FISCAL_YEAR'],
      ['SELECT Id FROM User WHERE FISCAL_YEAR(CreatedDate) = 2026', 'FISCAL_YEAR'],
      ['SELECT Industry, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry)', 'ROLLUP']
    ]) {
      const e = errorOf(() => q(soql));
      expect(e.errorCode, soql).to.equal('MALFORMED_QUERY');
      expect(e.message, soql).to.contain(part);
    }
    expect(errorOf(() => q('SELECT FROM')).errorCode).to.equal('MALFORMED_QUERY');
  });

  it('checks literal types against the field type', () => {
    expect(errorOf(() => q("SELECT Id FROM CurrencyType WHERE IsActive = 'true'")).errorCode).to.equal(
      'INVALID_QUERY_FILTER_OPERATOR'
    );
    expect(errorOf(() => q("SELECT Id FROM DatedConversionRate WHERE StartDate = '2026-01-01'")).errorCode).to.equal(
      'INVALID_QUERY_FILTER_OPERATOR'
    );
  });

  it('filters on a parent field and compares date-times and nulls like SOQL', () => {
    const detail = store.insert('CronJobDetail', { Name: 'Nightly', JobType: '7' }, { system: true });
    store.insert(
      'CronTrigger',
      {
        CronJobDetailId: detail,
        CronExpression: '0 0 1 * * ?',
        State: 'WAITING',
        NextFireTime: '2026-03-11T01:00:00Z'
      },
      { system: true }
    );
    store.insert('CronTrigger', { CronExpression: '0 0 2 * * ?', State: 'WAITING' }, { system: true });
    const r = q(
      "SELECT CronExpression, CronJobDetail.Name FROM CronTrigger WHERE CronJobDetail.Name = 'nightly' AND NextFireTime > 2026-03-10T21:00:00-03:00"
    );
    expect(r.records.map((x) => [x.CronExpression, (x.CronJobDetail as { Name: string }).Name])).to.deep.equal([
      ['0 0 1 * * ?', 'Nightly']
    ]);
    expect(q('SELECT CronExpression FROM CronTrigger WHERE NextFireTime > 2026-03-11T01:00:00Z').totalSize).to.equal(0);
    const orphan = q('SELECT CronExpression, CronJobDetail.Name FROM CronTrigger WHERE CronJobDetailId = null');
    expect(orphan.records.map((x) => [x.CronExpression, x.CronJobDetail])).to.deep.equal([['0 0 2 * * ?', null]]);
    expect(
      q("SELECT COUNT() FROM CronTrigger WHERE CronJobDetail.Name != 'Nightly'").totalSize,
      '!= keeps nulls'
    ).to.equal(1);
    expect(
      q("SELECT COUNT() FROM CronTrigger WHERE CronJobDetail.Name NOT IN ('Nightly')").totalSize,
      'NOT IN keeps nulls'
    ).to.equal(1);
  });

  it("answers the running user's permissions (UserPermissionAccess)", () => {
    expect(
      q('SELECT PermissionsApiEnabled, PermissionsAuthorApex FROM UserPermissionAccess LIMIT 1').records[0]
    ).to.deep.include({
      PermissionsApiEnabled: true,
      PermissionsAuthorApex: true
    });
  });

  it('binds Apex variables for the in-process API', () => {
    const r = runSoql(store, 'SELECT IsoCode FROM CurrencyType WHERE IsoCode IN :codes', {
      binds: { codes: ['GBP', 'EUR'] }
    });
    expect(r.records.map((x) => x.IsoCode).sort()).to.deep.equal(['EUR', 'GBP']);
  });
});
