/**
 * SOQL enforces each field's describe properties: filterable (WHERE), sortable (ORDER BY), groupable
 * (GROUP BY), aggregatable (aggregate functions), with INVALID_FIELD positioned like the platform's.
 * CurrencyType and DatedConversionRate fields are Filter-only in the Object Reference.
 */
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, errorCode } from './helpers.js';

describe('local org SOQL: field properties from the describe', () => {
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg();
  });
  after(() => org.stop());

  const query = (soql: string) => call(org, 'GET', `/services/data/v65.0/query?q=${encodeURIComponent(soql)}`);
  const refused = async (soql: string): Promise<[number, string | undefined, string]> => {
    const r = await query(soql);
    return [r.status, errorCode(r), (r.json as { message: string }[])[0]?.message];
  };

  it('describes CurrencyType and DatedConversionRate fields as filterable only', async () => {
    for (const type of ['DatedConversionRate', 'CurrencyType']) {
      const d = await call(org, 'GET', `/services/data/v65.0/sobjects/${type}/describe`);
      const fields = (d.json as { fields: Record<string, unknown>[] }).fields.filter((f) =>
        [
          'IsoCode',
          'ConversionRate',
          'StartDate',
          'NextStartDate',
          'DecimalPlaces',
          'IsActive',
          'IsCorporate'
        ].includes(String(f.name))
      );
      expect(fields.length, type).to.be.greaterThan(3);
      for (const f of fields)
        expect([f.filterable, f.sortable, f.groupable], `${type}.${String(f.name)}`).to.deep.equal([
          true,
          false,
          false
        ]);
    }
    const job = await call(org, 'GET', '/services/data/v65.0/sobjects/AsyncApexJob/describe');
    const status = (job.json as { fields: Record<string, unknown>[] }).fields.find((f) => f.name === 'Status')!;
    expect([status.filterable, status.sortable, status.groupable, status.aggregatable]).to.deep.equal([
      true,
      true,
      true,
      true
    ]);
  });

  it('refuses ORDER BY on a field that is not sortable, at its place in ORDER BY', async () => {
    expect(
      await refused("SELECT StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' ORDER BY StartDate DESC")
    ).to.deep.equal([
      400,
      'INVALID_FIELD',
      "SELECT StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' ORDER BY StartDate DESC\n" +
        `${' '.repeat(73)}^\n` +
        'ERROR at Row:1:Column:74\n' +
        "field 'StartDate' can not be sorted in a query call"
    ]);
    expect((await refused('SELECT IsoCode FROM CurrencyType ORDER BY IsoCode'))[2]).to.match(
      /Column:43\nfield 'IsoCode' can not be sorted in a query call$/
    );
  });

  it('refuses GROUP BY on a field that is not groupable', async () => {
    expect(await refused('SELECT IsoCode, MAX(StartDate) FROM DatedConversionRate GROUP BY IsoCode')).to.deep.equal([
      400,
      'INVALID_FIELD',
      'SELECT IsoCode, MAX(StartDate) FROM DatedConversionRate GROUP BY IsoCode\n' +
        `${' '.repeat(65)}^\n` +
        'ERROR at Row:1:Column:66\n' +
        "field 'IsoCode' can not be grouped in a query call"
    ]);
  });

  it('refuses WHERE on a field that is not filterable (a long text area)', async () => {
    expect((await refused("SELECT Id FROM ApexClass WHERE Body = 'x'"))[2]).to.match(
      /ERROR at Row:1:Column:32\nfield 'Body' can not be filtered in a query call$/
    );
  });

  it('refuses aggregates a field type does not support', async () => {
    expect((await refused('SELECT SUM(StartDate) FROM DatedConversionRate'))[2]).to.match(
      /field StartDate does not support aggregate operator SUM$/
    );
    expect((await refused('SELECT MAX(IsActive) FROM CurrencyType'))[2]).to.match(
      /field IsActive does not support aggregate operator MAX$/
    );
  });

  it('allows what the describe allows: filters on Filter-only fields, GROUP BY and ORDER BY on AsyncApexJob', async () => {
    const ok = await query(
      "SELECT IsoCode, StartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate > 2000-01-01 AND NextStartDate = NULL"
    );
    expect(ok.status).to.equal(200);
    const grouped = await query('SELECT Status, COUNT(Id) FROM AsyncApexJob GROUP BY Status ORDER BY Status');
    expect(grouped.status).to.equal(200);
    const max = runSoql(org.store, "SELECT MAX(StartDate) latest FROM DatedConversionRate WHERE IsoCode = 'EUR'");
    expect(max.records[0].latest).to.match(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('applies to the in-process API the Apex runtime uses as well', () => {
    expect(() => runSoql(org.store, 'SELECT Id FROM DatedConversionRate ORDER BY IsoCode')).to.throw(
      /field 'IsoCode' can not be sorted in a query call/
    );
  });
});
