/**
 * SOQL in multi-currency orgs (issue 15, point 4; src/local-org/store/soql/currency.ts):
 * `convertCurrency()` in SELECT — dated rates for opportunities and their line items under advanced
 * currency management (by the opportunity's CloseDate), static rates otherwise — ISO-code values in
 * WHERE, currency aggregates of grouped queries in the corporate currency, and the refusals the SOQL
 * reference lists.
 */
import { expect } from 'chai';
import { Clock, openOrgStore, runSoql, type CurrencyMode, type Store } from '../../src/local-org/store/index.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { runSosl } from '../../src/local-org/store/sosl/search.js';
import { call, connectTo, errorOf } from './helpers.js';

/** USD corporate; EUR static 0.9 with dated rates 0.8 from January and 0.85 from February; JPY inactive. */
function orgWith(currency: CurrencyMode): Store {
  const store = openOrgStore({
    clock: new Clock('UTC', '2026-03-10T12:00:00Z'),
    currency,
    seed: {
      corporate: 'USD',
      currencies: [
        { isoCode: 'USD', conversionRate: 1 },
        { isoCode: 'EUR', conversionRate: 0.9 },
        { isoCode: 'JPY', conversionRate: 150, active: false }
      ],
      datedRates:
        currency === 'acm'
          ? [
              { isoCode: 'EUR', startDate: '2026-01-01', conversionRate: 0.8 },
              { isoCode: 'EUR', startDate: '2026-02-01', conversionRate: 0.85 }
            ]
          : []
    }
  });
  const opportunity = (name: string, iso: string, amount: number, close: string): string =>
    store.insert('Opportunity', {
      Name: name,
      StageName: 'Prospecting',
      CloseDate: close,
      Amount: amount,
      CurrencyIsoCode: iso
    });
  opportunity('EUR January', 'EUR', 80, '2026-01-15');
  opportunity('EUR February', 'EUR', 85, '2026-02-10');
  opportunity('USD January', 'USD', 100, '2026-01-15');
  store.insert('Account', { Name: 'Euro Account', AnnualRevenue: 90, CurrencyIsoCode: 'EUR' });
  return store;
}

describe('local org SOQL: currency conversion in a multi-currency org', () => {
  let store: Store;
  const q = (soql: string) => runSoql(store, soql).records as Record<string, unknown>[];
  before(() => (store = orgWith('acm')));
  after(() => store.close());

  it('converts opportunity amounts to the user currency at the dated rate of each CloseDate', () => {
    const rows = q('SELECT Name, Amount, convertCurrency(Amount) usd FROM Opportunity ORDER BY Name');
    expect(rows.map((r) => [r.Name, r.Amount, r.usd])).to.deep.equal([
      ['EUR February', 85, 100],
      ['EUR January', 80, 100],
      ['USD January', 100, 100]
    ]);
    // without an alias the converted value takes the field's name
    expect(q("SELECT convertCurrency(Amount) FROM Opportunity WHERE Name = 'EUR January'")[0].Amount).to.equal(100);
  });

  it("converts opportunity line items at the dated rate of their opportunity's CloseDate", () => {
    const opportunity = String(q("SELECT Id FROM Opportunity WHERE Name = 'EUR January'")[0].Id);
    const product = store.insert('Product2', { Name: 'Widget' });
    const pricebook = store.insert('Pricebook2', { Name: 'Euro list', IsActive: true });
    const entry = store.insert('PricebookEntry', {
      Pricebook2Id: pricebook,
      Product2Id: product,
      UnitPrice: 40,
      IsActive: true,
      CurrencyIsoCode: 'EUR'
    });
    store.insert('OpportunityLineItem', {
      OpportunityId: opportunity,
      PricebookEntryId: entry,
      Quantity: 2,
      UnitPrice: 40,
      CurrencyIsoCode: 'EUR'
    });
    const [item] = q('SELECT UnitPrice, convertCurrency(UnitPrice) usd FROM OpportunityLineItem');
    expect([item.UnitPrice, item.usd], 'EUR 40 on 15 January at 0.8').to.deep.equal([40, 50]);
    const [price] = q('SELECT convertCurrency(UnitPrice) usd FROM PricebookEntry');
    expect(price.usd, 'a price book entry has no date: the static rate 0.9').to.equal(44.44);
  });

  it('converts other objects at the static rate (CurrencyType.ConversionRate)', () => {
    expect(q('SELECT convertCurrency(AnnualRevenue) FROM Account')[0].AnnualRevenue).to.equal(100);
  });

  it("converts into the running user's own currency, at that currency's rate", () => {
    const userId = store.userId;
    store.update('User', userId, { DefaultCurrencyIsoCode: 'EUR' });
    try {
      const rows = q("SELECT convertCurrency(Amount) FROM Opportunity WHERE Name = 'USD January'");
      expect(rows[0].Amount, 'USD 100 on 15 January at EUR 0.8').to.equal(80);
      expect(q('SELECT convertCurrency(AnnualRevenue) FROM Account')[0].AnnualRevenue, 'EUR to EUR').to.equal(90);
    } finally {
      store.update('User', userId, { DefaultCurrencyIsoCode: 'USD' });
    }
  });

  it('compares ISO-code values in WHERE as their equivalent in each record currency', () => {
    const names = (where: string) => q(`SELECT Name FROM Opportunity WHERE ${where} ORDER BY Name`).map((r) => r.Name);
    expect(names('Amount > USD99')).to.deep.equal(['EUR February', 'EUR January', 'USD January']);
    expect(names('Amount > USD100')).to.deep.equal([]);
    expect(names('Amount >= USD100.0')).to.deep.equal(['EUR February', 'EUR January', 'USD January']);
    // EUR 81 on 15 January is USD 101.25; the February opportunity's EUR 85 is more than EUR 81
    expect(names('Amount < EUR81')).to.deep.equal(['EUR January', 'USD January']);
    expect(names('Amount IN (USD100, EUR1)')).to.deep.equal(['EUR February', 'EUR January', 'USD January']);
    // a plain number compares with the record's own amount
    expect(names('Amount > 90')).to.deep.equal(['USD January']);
  });

  it('answers aggregates of grouped queries in the corporate currency', () => {
    const rows = q(
      'SELECT CurrencyIsoCode, SUM(Amount) total, MAX(Amount) top FROM Opportunity GROUP BY CurrencyIsoCode ORDER BY CurrencyIsoCode'
    );
    expect(rows.map((r) => [r.CurrencyIsoCode, r.total, r.top])).to.deep.equal([
      ['EUR', 200, 100],
      ['USD', 100, 100]
    ]);
    const having = q('SELECT CurrencyIsoCode FROM Opportunity GROUP BY CurrencyIsoCode HAVING SUM(Amount) > 150');
    expect(having.map((r) => r.CurrencyIsoCode)).to.deep.equal(['EUR']);
  });

  it('refuses what the SOQL reference refuses', () => {
    const refused = (soql: string) => {
      const e = errorOf(() => runSoql(store, soql));
      return [e.errorCode, e.message.split('\n').pop()];
    };
    expect(refused('SELECT convertCurrency(Name) FROM Opportunity')[0]).to.equal('INVALID_FIELD');
    expect(refused('SELECT Id FROM Opportunity WHERE convertCurrency(Amount) > 5')).to.deep.equal([
      'MALFORMED_QUERY',
      'convertCurrency() can only be used in the SELECT list: convertCurrency(Amount)'
    ]);
    expect(refused('SELECT Id FROM Opportunity ORDER BY convertCurrency(Amount)')[0]).to.equal('MALFORMED_QUERY');
    expect(refused('SELECT Amount, convertCurrency(Amount) FROM Opportunity')[1]).to.match(
      /^duplicate field selected: Amount/
    );
    expect(refused('SELECT convertCurrency(Amount), Amount FROM Opportunity')[1]).to.match(
      /^duplicate field selected: Amount/
    );
    expect(refused('SELECT Id FROM Opportunity WHERE Amount > JPY5')[1]).to.match(/invalid currency ISO code: JPY/);
    expect(refused('SELECT Id FROM Opportunity WHERE Amount IN (USD5, 10)')[1]).to.match(/cannot mix ISO code values/);
    expect(refused('SELECT Id FROM Opportunity WHERE Name = USD5')[0]).to.equal('INVALID_QUERY_FILTER_OPERATOR');
    expect(
      refused('SELECT CurrencyIsoCode FROM Opportunity GROUP BY CurrencyIsoCode HAVING MAX(Amount) > USD10')[1]
    ).to.match(/cannot be used with an aggregate function/);
    expect(refused('SELECT convertCurrency(SUM(Amount)) FROM Opportunity')[1]).to.match(
      /result of an aggregate function cannot be converted/
    );
  });
});

describe('local org SOQL: currency conversion without advanced currency management', () => {
  it('converts opportunities at the static rate when effective dates are off', () => {
    const store = orgWith('multi');
    try {
      const rows = runSoql(store, "SELECT convertCurrency(Amount) FROM Opportunity WHERE Name = 'EUR January'")
        .records as Record<string, unknown>[];
      expect(rows[0].Amount, 'EUR 80 at 0.9').to.equal(88.89);
    } finally {
      store.close();
    }
  });

  it('refuses conversion in a single-currency org', () => {
    const store = openOrgStore({ currency: 'single', clock: new Clock('UTC', '2026-03-10T12:00:00Z') });
    try {
      store.insert('Account', { Name: 'Plain', AnnualRevenue: 5 });
      const e = errorOf(() => runSoql(store, 'SELECT convertCurrency(AnnualRevenue) FROM Account'));
      expect(e.errorCode).to.equal('MALFORMED_QUERY');
      expect(e.message).to.match(/requires an org with multiple currencies enabled/);
    } finally {
      store.close();
    }
  });
});

describe('local org SOQL: currency conversion from Apex and REST', () => {
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC', freeze: true } });
    // the EUR rate in effect on the close date (the default seed's dated rates)
    const eur = runSoql(
      org.store,
      "SELECT ConversionRate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate <= 2026-03-10 AND NextStartDate > 2026-03-10"
    ).records[0];
    org.store.insert('Opportunity', {
      Name: 'Euro deal',
      StageName: 'Prospecting',
      CloseDate: '2026-03-10',
      Amount: Number(eur.ConversionRate) * 1000,
      CurrencyIsoCode: 'EUR'
    });
  });
  after(() => org.stop());

  it('answers inline Apex SOQL with converted amounts and ISO-code filters', async () => {
    const conn = await connectTo(org);
    const result = await conn.tooling.executeAnonymous(
      [
        "Opportunity o = [SELECT convertCurrency(Amount) FROM Opportunity WHERE Name = 'Euro deal' AND Amount > USD999];",
        "Assert.areEqual(1000, o.Amount.setScale(0), 'EUR at today\\'s dated rate in the user currency (USD)');",
        "Assert.areEqual(0, [SELECT COUNT() FROM Opportunity WHERE Amount > USD1001], 'USD1001 is more');"
      ].join('\n')
    );
    expect([result.compiled, result.success, result.compileProblem ?? result.exceptionMessage ?? null]).to.deep.equal([
      true,
      true,
      null
    ]);
  });

  it('answers the REST query endpoint with converted amounts', async () => {
    const soql = "SELECT convertCurrency(Amount) usd FROM Opportunity WHERE Name = 'Euro deal'";
    const r = await call(org, 'GET', `/services/data/v65.0/query?q=${encodeURIComponent(soql)}`);
    expect(r.status, r.text).to.equal(200);
    expect((r.json as { records: { usd: number }[] }).records[0].usd).to.equal(1000);
  });
});

describe('local org SOSL: convertCurrency() in RETURNING', () => {
  it('converts the returned currency field like SOQL does', () => {
    const store = orgWith('acm');
    try {
      const [accounts] = runSosl(store, 'FIND {Euro} RETURNING Account(Name, convertCurrency(AnnualRevenue))');
      expect(accounts.records.map((r) => [r.Name, r.AnnualRevenue])).to.deep.equal([['Euro Account', 100]]);
    } finally {
      store.close();
    }
  });
});
