import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Clock,
  SalesforceError,
  SeedFileError,
  openOrgStore,
  readSeedFile,
  reseed,
  runSoql,
  type Store
} from '../../src/local-org/store/index.js';
import { isId, normalizeId, to18 } from '../../src/local-org/store/ids.js';
import { ISO_4217_CODES } from '../../src/local-org/store/iso4217.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SalesforceError) return e.errorCode;
    throw e;
  }
  return 'no error';
}

describe('local org store', () => {
  let store: Store;
  beforeEach(() => {
    store = openOrgStore({ clock: new Clock('America/New_York', '2026-03-10T12:00:00Z') });
  });
  afterEach(() => store.close());

  it('computes 18-character ids with the case-safe suffix', () => {
    expect(to18('001000000000001')).to.equal('001000000000001AAA');
    expect(to18('00D5g000004SaIp')).to.equal('00D5g000004SaIpEAK');
    expect(isId('00D5g000004SaIpEAK')).to.equal(true);
    expect(isId('00D5g000004SaIpXXX')).to.equal(false);
    expect(normalizeId('00D5g000004SaIpeak')).to.equal('00D5g000004SaIpEAK');
  });

  it('seeds a corporate USD and dated periods whose latest dates differ', () => {
    const corp = runSoql(store, 'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true');
    expect(corp.records.map((r) => r.IsoCode)).to.deep.equal(['USD']);
    // No GROUP BY IsoCode (Filter-only in the Object Reference): the latest date per currency in code.
    const latest = new Map<string, string>();
    for (const r of runSoql(store, 'SELECT IsoCode, StartDate FROM DatedConversionRate').records)
      if (String(r.StartDate) > (latest.get(String(r.IsoCode)) ?? ''))
        latest.set(String(r.IsoCode), String(r.StartDate));
    expect(new Set(latest.values()).size).to.be.greaterThan(1);
  });

  it('rejects an inactive or unknown IsoCode as a restricted picklist', () => {
    expect(
      codeOf(() =>
        store.insert('DatedConversionRate', { IsoCode: 'XXX', ConversionRate: 1.1, StartDate: '2026-03-10' })
      )
    ).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    store.insert('CurrencyType', { IsoCode: 'PLN', ConversionRate: 4, IsActive: false });
    expect(
      codeOf(() => store.insert('DatedConversionRate', { IsoCode: 'PLN', ConversionRate: 4, StartDate: '2026-03-10' }))
    ).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  it('maintains NextStartDate and rejects a duplicate IsoCode + StartDate', () => {
    store.insert('DatedConversionRate', { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '2030-01-01' });
    store.insert('DatedConversionRate', { IsoCode: 'EUR', ConversionRate: 0.91, StartDate: '2029-06-01' });
    const rows = runSoql(
      store,
      "SELECT StartDate, NextStartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate >= 2029-01-01"
    ).records;
    expect(rows.map((r) => [r.StartDate, r.NextStartDate]).sort()).to.deep.equal([
      ['2029-06-01', '2030-01-01'],
      ['2030-01-01', '9999-12-31']
    ]);
    const before = runSoql(
      store,
      "SELECT NextStartDate FROM DatedConversionRate WHERE IsoCode = 'EUR' AND StartDate < 2029-06-01 AND NextStartDate >= 2029-06-01"
    );
    expect(before.records[0].NextStartDate).to.equal('2029-06-01');
    expect(
      codeOf(() =>
        store.insert('DatedConversionRate', { IsoCode: 'EUR', ConversionRate: 0.92, StartDate: '2030-01-01' })
      )
    ).to.equal('DUPLICATE_VALUE');
    expect(
      codeOf(() =>
        store.insert('DatedConversionRate', {
          IsoCode: 'EUR',
          ConversionRate: 1,
          StartDate: '2031-01-01',
          NextStartDate: '2032-01-01'
        })
      )
    ).to.equal('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('keeps the corporate currency at rate 1 and active', () => {
    const usd = runSoql(store, "SELECT Id FROM CurrencyType WHERE IsoCode = 'USD'").records[0].Id as string;
    expect(codeOf(() => store.update('CurrencyType', usd, { IsActive: false }))).to.equal('FIELD_INTEGRITY_EXCEPTION');
    expect(
      codeOf(() =>
        store.insert('DatedConversionRate', { IsoCode: 'USD', ConversionRate: 1.2, StartDate: '2026-01-01' })
      )
    ).to.equal('FIELD_INTEGRITY_EXCEPTION');
  });

  it('reports missing required fields and unknown fields like the platform', () => {
    expect(codeOf(() => store.insert('DatedConversionRate', { IsoCode: 'EUR' }))).to.equal('REQUIRED_FIELD_MISSING');
    expect(codeOf(() => store.insert('DatedConversionRate', { Foo: 1 }))).to.equal('INVALID_FIELD');
    expect(codeOf(() => store.insert('AsyncApexJob', { Status: 'Queued' }))).to.equal('INVALID_TYPE_FOR_OPERATION');
  });

  it('rolls a failed transaction back completely', () => {
    const count = (): number => runSoql(store, 'SELECT COUNT() FROM DatedConversionRate').totalSize;
    const before = count();
    expect(() =>
      store.transaction(() => {
        store.insert('DatedConversionRate', { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '2040-01-01' });
        store.insert('DatedConversionRate', { IsoCode: 'EUR', ConversionRate: 0.9, StartDate: '2040-01-01' });
      })
    ).to.throw(SalesforceError);
    expect(count()).to.equal(before);
  });

  it('holds the full ISO 4217 list as active currencies', () => {
    for (const code of ISO_4217_CODES)
      if (runSoql(store, `SELECT COUNT() FROM CurrencyType WHERE IsoCode = '${code}'`).totalSize === 0)
        store.insert('CurrencyType', { IsoCode: code, ConversionRate: 2, IsActive: true });
    expect(runSoql(store, 'SELECT COUNT() FROM CurrencyType WHERE IsActive = true').totalSize).to.equal(
      ISO_4217_CODES.length
    );
  });

  it('survives a restart with --data-dir, and reseeds on reset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-org-'));
    try {
      const a = openOrgStore({ dataDir: dir });
      const id = a.insert('DatedConversionRate', { IsoCode: 'EUR', ConversionRate: 0.5, StartDate: '2035-01-01' });
      const orgId = a.orgId;
      a.close();
      const b = openOrgStore({ dataDir: dir });
      expect(b.orgId).to.equal(orgId);
      expect(b.retrieve('DatedConversionRate', id).ConversionRate).to.equal(0.5);
      reseed(b);
      expect(b.orgId).to.not.equal(orgId);
      expect(runSoql(b, `SELECT COUNT() FROM DatedConversionRate WHERE Id = '${id}'`).totalSize).to.equal(0);
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads seed files and rejects bad ones with an actionable error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-org-seed-'));
    try {
      writeFileSync(
        join(dir, 'good.json'),
        JSON.stringify({
          corporate: 'CHF',
          currencies: [
            { isoCode: 'CHF', conversionRate: 1 },
            { isoCode: 'EUR', conversionRate: 1.05 }
          ],
          datedRates: [{ isoCode: 'EUR', startDate: '2026-01-01', conversionRate: 1.04 }]
        })
      );
      writeFileSync(join(dir, 'bad.json'), '{"corporate": ');
      const seeded = openOrgStore({ seed: readSeedFile(join(dir, 'good.json')) });
      expect(runSoql(seeded, 'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true').records[0].IsoCode).to.equal(
        'CHF'
      );
      expect(runSoql(seeded, "SELECT COUNT() FROM DatedConversionRate WHERE IsoCode = 'EUR'").totalSize).to.equal(2);
      seeded.close();
      expect(() => readSeedFile(join(dir, 'bad.json'))).to.throw(SeedFileError, /bad\.json/);
      expect(() =>
        openOrgStore({
          seed: {
            currencies: [{ isoCode: 'USD', conversionRate: 1 }],
            datedRates: [{ isoCode: 'EUR', startDate: '2026-01-01', conversionRate: 1 }]
          }
        })
      ).to.throw(SalesforceError, /restricted picklist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the org time zone for today', () => {
    const clock = new Clock('Asia/Tokyo', '2026-03-10T20:00:00Z');
    expect(clock.today()).to.equal('2026-03-11');
    expect(clock.startOfDay('2026-03-11').toISOString()).to.equal('2026-03-10T15:00:00.000Z');
    clock.advance(86400000);
    expect(clock.today()).to.equal('2026-03-12');
    // Daylight saving time starts in Los Angeles on 2026-03-08: midnight moves from UTC-8 to UTC-7.
    const la = new Clock('America/Los_Angeles');
    expect(la.startOfDay('2026-03-08').toISOString()).to.equal('2026-03-08T08:00:00.000Z');
    expect(la.startOfDay('2026-03-09').toISOString()).to.equal('2026-03-09T07:00:00.000Z');
  });
});
