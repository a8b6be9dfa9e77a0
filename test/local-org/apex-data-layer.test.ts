import { expect } from 'chai';
import { Clock, openOrgStore, type Store } from '../../src/local-org/store/index.js';
import { SavepointError, createStoreDataLayer } from '../../src/local-org/org/apex-data-layer.js';
import { storeClock } from '../../src/local-org/org/runtime-collaborators.js';
import type { ApexDataLayer } from '../../src/local-org/apex/data-layer.js';

describe('local org data layer for the Apex runtime', () => {
  let store: Store;
  let data: ApexDataLayer;
  beforeEach(() => {
    store = openOrgStore({ clock: new Clock('Asia/Tokyo', '2026-03-10T20:00:00Z') });
    data = createStoreDataLayer(store, { sessionId: () => 'SESSION' });
  });
  afterEach(() => store.close());

  it('queries with bind variables and answers COUNT() as one AggregateResult', () => {
    const rows = data.query('SELECT IsoCode FROM CurrencyType WHERE IsoCode IN :codes', {
      codes: ['EUR', 'USD']
    });
    expect(rows.map((r) => r.IsoCode).sort()).to.deep.equal(['EUR', 'USD']);
    expect(data.query('SELECT COUNT() FROM CurrencyType WHERE IsCorporate = :c', { c: true })).to.deep.equal([
      { attributes: { type: 'AggregateResult' }, expr0: 1 }
    ]);
  });

  it('runs DML with allOrNone on savepoints', () => {
    const rec = (start: string, iso = 'EUR') => ({
      attributes: { type: 'DatedConversionRate' },
      IsoCode: iso,
      ConversionRate: 0.9,
      StartDate: start
    });
    const partial = data.dml('insert', [rec('2030-01-01'), rec('2030-01-01')], { allOrNone: false });
    expect(partial.map((r) => [r.success, r.errors[0]?.statusCode])).to.deep.equal([
      [true, undefined],
      [false, 'DUPLICATE_VALUE']
    ]);
    const all = data.dml('insert', [rec('2031-01-01'), rec('2030-01-01')], { allOrNone: true });
    expect(all.map((r) => r.errors[0]?.statusCode)).to.deep.equal([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'DUPLICATE_VALUE'
    ]);
    expect(data.query('SELECT COUNT() FROM DatedConversionRate WHERE StartDate = 2031-01-01', {})[0].expr0).to.equal(0);
    const id = partial[0].id!;
    expect(data.dml('update', [{ Id: id, ConversionRate: 0.95 }], { allOrNone: true })[0].success).to.equal(true);
    expect(data.dml('delete', [{ Id: id }], { allOrNone: true })[0].success).to.equal(true);
    expect(data.dml('undelete', [{ Id: id }], { allOrNone: true })[0].success).to.equal(true);
    expect(
      data.query('SELECT ConversionRate FROM DatedConversionRate WHERE Id = :id', { id })[0].ConversionRate
    ).to.equal(0.95);
  });

  it('upserts by Id or by an external id field', () => {
    const first = data.dml(
      'upsert',
      [
        {
          attributes: { type: 'User' },
          Username: 'u2@example.invalid',
          LastName: 'Two',
          Email: 'u2@example.invalid',
          Alias: 'u2',
          ProfileId: store.retrieve('User', store.userId).ProfileId,
          TimeZoneSidKey: 'UTC',
          LocaleSidKey: 'en_US',
          LanguageLocaleKey: 'en_US',
          EmailEncodingKey: 'UTF-8'
        }
      ],
      { allOrNone: true, externalIdField: 'Username' }
    );
    expect([first[0].success, first[0].created]).to.deep.equal([true, true]);
    const again = data.dml(
      'upsert',
      [{ attributes: { type: 'User' }, Username: 'u2@example.invalid', LastName: 'Again' }],
      { allOrNone: true, externalIdField: 'Username' }
    );
    expect([again[0].created, again[0].id]).to.deep.equal([false, first[0].id]);
  });

  it('rolls back to a savepoint inside a transaction, and refuses one outside', () => {
    const rate = (start: string) => ({
      attributes: { type: 'DatedConversionRate' },
      IsoCode: 'GBP',
      ConversionRate: 0.8,
      StartDate: start
    });
    data.runInTransaction(() => {
      data.dml('insert', [rate('2036-01-01')], { allOrNone: true });
      const sp = data.setSavepoint();
      data.dml('insert', [rate('2036-02-01')], { allOrNone: true });
      data.rollbackToSavepoint(sp);
      data.dml('insert', [rate('2036-03-01')], { allOrNone: true });
      data.rollbackToSavepoint(sp);
    });
    const dates = data.query(
      "SELECT StartDate FROM DatedConversionRate WHERE IsoCode = 'GBP' AND StartDate >= 2036-01-01",
      {}
    );
    expect(dates.map((r) => r.StartDate)).to.deep.equal(['2036-01-01']);
    expect(() => data.setSavepoint()).to.throw(SavepointError);
    expect(() => data.runInTransaction(() => data.rollbackToSavepoint({ name: 'nope' }))).to.throw(SavepointError);
  });

  it('describes objects, reads the clock, the user and runs transactions', () => {
    expect(data.describe('DatedConversionRate')!.fields.find((f) => f.name === 'NextStartDate')!.createable).to.equal(
      false
    );
    expect(data.describe('Nope__c')).to.equal(null);
    expect(storeClock(store).orgTimeZone()).to.equal('Asia/Tokyo');
    expect(new Date(storeClock(store).now()).toISOString()).to.match(/^2026-03-10T20:00/);
    expect(data.currentUser()).to.deep.include({
      id: store.userId,
      organizationId: store.orgId,
      sessionId: 'SESSION',
      defaultCurrency: 'USD',
      multiCurrencyOrganization: true
    });
    expect(() =>
      data.runInTransaction(() => {
        data.dml(
          'insert',
          [
            {
              attributes: { type: 'DatedConversionRate' },
              IsoCode: 'GBP',
              ConversionRate: 0.8,
              StartDate: '2035-01-01'
            }
          ],
          { allOrNone: true }
        );
        throw new Error('boom');
      })
    ).to.throw('boom');
    expect(data.query('SELECT COUNT() FROM DatedConversionRate WHERE StartDate = 2035-01-01', {})[0].expr0).to.equal(0);
  });
});

describe('apex data layer: Database.upsert with an external id field token', () => {
  it('Database.upsert(rows, Obj__c.Key__c, true) matches on the field the token names', async () => {
    const { startLocalOrg, runSoql } = await import('../../src/local-org/index.js');
    const { systemFields } = await import('../../src/local-org/store/schema.js');
    const org = await startLocalOrg();
    try {
      org.store.defineObject({
        name: 'Keyed__c',
        label: 'Keyed',
        labelPlural: 'Keyed',
        keyPrefix: 'a09',
        custom: true,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        fields: [
          ...systemFields(),
          {
            name: 'Name',
            label: 'Name',
            type: 'string',
            length: 80,
            createable: true,
            updateable: true,
            nillable: true
          },
          {
            name: 'Key__c',
            label: 'Key',
            type: 'string',
            length: 18,
            createable: true,
            updateable: true,
            nillable: true,
            externalId: true,
            unique: true
          }
        ]
      });
      const code = `
        Database.upsert(new List<Keyed__c>{ new Keyed__c(Key__c = 'k1', Name = 'first') }, Keyed__c.Key__c, true);
        Database.upsert(new List<Keyed__c>{ new Keyed__c(Key__c = 'k1', Name = 'second') }, Keyed__c.Key__c, true);`;
      const r = await org.apex!.executeAnonymous(code, { sessionId: org.accessToken });
      expect(r.success, r.exceptionMessage ?? r.compileProblem ?? '').to.equal(true);
      const rows = runSoql(org.store, 'SELECT Name FROM Keyed__c').records;
      expect(rows.map((x) => x.Name)).to.deep.equal(['second']);
    } finally {
      await org.stop();
    }
  });
});
