import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, errorCode, connectTo } from './helpers.js';

describe('local org REST API over HTTP', () => {
  let org: LocalOrg;
  let conn: Connection;
  const v = '/services/data/v65.0';
  before(async () => {
    org = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC' }, maxBodyBytes: 1024 * 1024 });
    conn = await connectTo(org);
  });
  after(() => org.stop());

  it('logs in through @salesforce/core (userinfo, User, Organization) and picks the max API version', () => {
    expect(conn.getUsername()).to.equal(org.username);
    expect(conn.getAuthInfoFields().orgId).to.equal(org.orgId);
    expect(conn.getApiVersion()).to.equal('66.0');
  });

  it('serves the versions list, tolerating the // the CLI sends', async () => {
    const head = await fetch(`${org.instanceUrl}/services/data/v65.0/limits`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${org.accessToken}` }
    });
    expect([head.status, await head.text()]).to.deep.equal([200, '']);
    const r = await call(org, 'GET', '//services/data');
    expect(r.status).to.equal(200);
    expect((r.json as { version: string }[]).map((x) => x.version)).to.include('65.0');
  });

  it('describes DatedConversionRate like an ACM org (createable, active currencies)', async () => {
    const d = await conn.describe('DatedConversionRate');
    expect(d.createable).to.equal(true);
    const iso = d.fields.find((f) => f.name === 'IsoCode')!;
    expect(iso.restrictedPicklist).to.equal(true);
    expect(iso.picklistValues!.map((p) => p.value))
      .to.include.members(['USD', 'EUR'])
      .and.not.include('PLN');
    expect(d.fields.find((f) => f.name === 'NextStartDate')!.createable).to.equal(false);
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).to.include.members(['CurrencyType', 'AsyncApexJob', 'CronTrigger']);
  });

  it('creates, reads, updates and deletes a record', async () => {
    const created = await conn
      .sobject('DatedConversionRate')
      .create({ IsoCode: 'EUR', ConversionRate: 0.5, StartDate: '2030-01-01' });
    expect(created.success).to.equal(true);
    const id = created.id!;
    const rec = (await conn.sobject('DatedConversionRate').retrieve(id)) as unknown as Record<string, unknown>;
    expect(rec).to.deep.include({
      IsoCode: 'EUR',
      ConversionRate: 0.5,
      StartDate: '2030-01-01',
      NextStartDate: '9999-12-31'
    });
    await conn.sobject('DatedConversionRate').update({ Id: id, ConversionRate: 0.6 });
    const ro = await call(org, 'PATCH', `${v}/sobjects/DatedConversionRate/${id}`, { NextStartDate: '2031-01-01' });
    expect(ro.status).to.equal(400);
    expect(errorCode(ro)).to.equal('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(
      (await call(org, 'GET', `${v}/sobjects/DatedConversionRate/${id}?fields=ConversionRate`)).json
    ).to.deep.include({ ConversionRate: 0.6 });
    expect((await call(org, 'DELETE', `${v}/sobjects/DatedConversionRate/${id}`)).status).to.equal(204);
    const gone = await call(org, 'GET', `${v}/sobjects/DatedConversionRate/${id}`);
    expect([gone.status, gone.json]).to.deep.equal([
      404,
      [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]
    ]);
    const notAnId = await call(org, 'PATCH', `${v}/sobjects/DatedConversionRate/abc`, { ConversionRate: 1 });
    expect([notAnId.status, errorCode(notAnId)]).to.deep.equal([404, 'NOT_FOUND']);
    const all = await call(
      org,
      'GET',
      `${v}/queryAll?q=${encodeURIComponent(`SELECT Id, IsDeleted FROM DatedConversionRate WHERE Id = '${id}'`)}`
    );
    expect((all.json as { records: { IsDeleted: boolean }[] }).records[0].IsDeleted).to.equal(true);
  });

  it('answers platform errors with Salesforce codes and statuses', async () => {
    const cases: [string, string, unknown, number, string][] = [
      [
        'POST',
        `${v}/sobjects/DatedConversionRate`,
        { IsoCode: 'ZZZ', ConversionRate: 1, StartDate: '2030-01-01' },
        400,
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
      ],
      ['POST', `${v}/sobjects/DatedConversionRate`, { IsoCode: 'EUR' }, 400, 'REQUIRED_FIELD_MISSING'],
      ['POST', `${v}/sobjects/DatedConversionRate`, '{"IsoCode": ', 400, 'JSON_PARSER_ERROR'],
      ['GET', `${v}/sobjects/NoSuchThing__c/describe`, undefined, 404, 'NOT_FOUND'],
      ['GET', `${v}/query?q=${encodeURIComponent('SELECT Nope FROM User')}`, undefined, 400, 'INVALID_FIELD'],
      ['GET', `${v}/query?q=${encodeURIComponent('SELEC Id FROM User')}`, undefined, 400, 'MALFORMED_QUERY'],
      ['GET', `${v}/query?q=${encodeURIComponent('SELECT Id FROM ScratchOrgInfo')}`, undefined, 400, 'INVALID_TYPE'],
      ['PUT', `${v}/sobjects/User`, {}, 405, 'METHOD_NOT_ALLOWED'],
      ['GET', '/services/data/v12.0/sobjects', undefined, 404, 'NOT_FOUND'],
      ['GET', '/nowhere', undefined, 404, 'NOT_FOUND']
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await call(org, method, path, body);
      expect([r.status, errorCode(r)], `${method} ${path}`).to.deep.equal([status, code]);
    }
    const big = await call(org, 'POST', `${v}/sobjects/DatedConversionRate`, 'x'.repeat(2 * 1024 * 1024));
    expect(big.status).to.equal(413);
  });

  it('rejects missing, unknown and expired tokens with 401 INVALID_SESSION_ID', async () => {
    const expected = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
    const missing = await call(org, 'GET', `${v}/limits`, undefined, { Authorization: '' });
    expect([missing.status, missing.json]).to.deep.equal([401, expected]);
    const unknown = await call(org, 'GET', `${v}/limits`, undefined, {
      Authorization: `Bearer ${org.orgId.slice(0, 15)}!nope`
    });
    expect([unknown.status, unknown.json]).to.deep.equal([401, expected]);
    const short = await startLocalOrg({ accessTokenTtlSeconds: 60 });
    try {
      expect((await call(short, 'GET', `${v}/limits`)).status).to.equal(200);
      await fetch(`${short.instanceUrl}/__local/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': short.controlSecret },
        body: JSON.stringify({ advanceMs: 61_000 })
      });
      const expired = await call(short, 'GET', `${v}/limits`);
      expect([expired.status, expired.json]).to.deep.equal([401, expected]);
    } finally {
      await short.stop();
    }
  });

  it('runs sObject Collections with allOrNone and per-record results', async () => {
    const rec = (iso: string, start: string) => ({
      attributes: { type: 'DatedConversionRate' },
      IsoCode: iso,
      ConversionRate: 1.1,
      StartDate: start
    });
    const partial = await call(org, 'POST', `${v}/composite/sobjects`, {
      allOrNone: false,
      records: [rec('GBP', '2032-01-01'), rec('ZZZ', '2032-01-01')]
    });
    const results = partial.json as { success: boolean; id: string | null; errors: { statusCode: string }[] }[];
    expect(results.map((r) => r.success)).to.deep.equal([true, false]);
    expect(results[1].errors[0].statusCode).to.equal('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const atomic = await call(org, 'POST', `${v}/composite/sobjects`, {
      allOrNone: true,
      records: [rec('GBP', '2033-01-01'), rec('GBP', '2032-01-01')]
    });
    const ar = atomic.json as { success: boolean; errors: { statusCode: string }[] }[];
    expect(ar.map((r) => r.errors[0].statusCode)).to.deep.equal([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'DUPLICATE_VALUE'
    ]);
    const count = await conn.query(
      "SELECT COUNT() FROM DatedConversionRate WHERE IsoCode = 'GBP' AND StartDate = 2033-01-01"
    );
    expect(count.totalSize).to.equal(0);
    const upd = await call(org, 'PATCH', `${v}/composite/sobjects`, {
      allOrNone: false,
      records: [{ attributes: { type: 'DatedConversionRate' }, Id: results[0].id, ConversionRate: 1.2 }]
    });
    expect((upd.json as { success: boolean }[])[0].success).to.equal(true);
    const fetched = await call(
      org,
      'GET',
      `${v}/composite/sobjects/DatedConversionRate?ids=${results[0].id},04w000000000000AAA&fields=ConversionRate,StartDate`
    );
    expect(fetched.json).to.deep.equal([
      {
        attributes: { type: 'DatedConversionRate', url: `${v}/sobjects/DatedConversionRate/${results[0].id}` },
        ConversionRate: 1.2,
        StartDate: '2032-01-01'
      },
      null
    ]);
    const tooMany = await call(org, 'POST', `${v}/composite/sobjects`, {
      records: Array.from({ length: 201 }, () => rec('GBP', '2040-01-01'))
    });
    expect(errorCode(tooMany)).to.equal('EXCEEDED_ID_LIMIT');
  });

  it('creates records with sObject Tree, all or nothing', async () => {
    const rec = (ref: string, start: string) => ({
      attributes: { type: 'DatedConversionRate', referenceId: ref },
      IsoCode: 'CHF',
      ConversionRate: 0.9,
      StartDate: start
    });
    const ok = await call(org, 'POST', `${v}/composite/tree/DatedConversionRate`, {
      records: [rec('r1', '2034-01-01'), rec('r2', '2034-02-01')]
    });
    expect(ok.status).to.equal(201);
    const body = ok.json as { hasErrors: boolean; results: { referenceId: string; id: string }[] };
    expect([body.hasErrors, body.results.map((r) => r.referenceId)]).to.deep.equal([false, ['r1', 'r2']]);
    const bad = await call(org, 'POST', `${v}/composite/tree/DatedConversionRate`, {
      records: [rec('r3', '2034-03-01'), rec('r4', '2034-01-01')]
    });
    expect(bad.status).to.equal(400);
    expect(
      (bad.json as { results: { referenceId: string; errors: { statusCode: string }[] }[] }).results
    ).to.deep.equal([
      {
        referenceId: 'r4',
        errors: [(bad.json as { results: { errors: { statusCode: string }[] }[] }).results[0].errors[0]]
      }
    ]);
    expect((bad.json as { results: { errors: { statusCode: string }[] }[] }).results[0].errors[0].statusCode).to.equal(
      'DUPLICATE_VALUE'
    );
    const r3 = await conn.query('SELECT COUNT() FROM DatedConversionRate WHERE StartDate = 2034-03-01');
    expect(r3.totalSize, 'rolled back').to.equal(0);
  });

  it('pages query results with nextRecordsUrl and answers columns=true', async () => {
    const { ISO_4217_CODES } = await import('../../src/local-org/store/iso4217.js');
    const have = new Set(
      (await conn.query<{ IsoCode: string }>('SELECT IsoCode FROM CurrencyType')).records.map((r) => r.IsoCode)
    );
    const currencies = ISO_4217_CODES.filter((c) => !have.has(c)).map((c) => ({
      attributes: { type: 'CurrencyType' },
      IsoCode: c,
      ConversionRate: 3,
      DecimalPlaces: 2,
      IsActive: true
    }));
    const added = await call(org, 'POST', `${v}/composite/sobjects`, { allOrNone: true, records: currencies });
    expect((added.json as { success: boolean }[]).every((r) => r.success)).to.equal(true);
    const q = encodeURIComponent('SELECT Id, IsoCode FROM DatedConversionRate');
    const first = await call(org, 'GET', `${v}/query?q=${q}`, undefined, { 'Sforce-Query-Options': 'batchSize=200' });
    const page = first.json as { totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] };
    const total = (await conn.query('SELECT COUNT() FROM DatedConversionRate')).totalSize;
    expect(page.totalSize).to.equal(total);
    expect(total).to.be.greaterThan(200);
    expect(page.done).to.equal(false);
    expect(page.records.length).to.equal(200);
    const second = await call(org, 'GET', page.nextRecordsUrl!);
    expect((second.json as { records: unknown[] }).records.length).to.equal(Math.min(200, total - 200));
    expect(errorCode(await call(org, 'GET', `${v}/query/01gdeadbeef-200`))).to.equal('INVALID_QUERY_LOCATOR');
    const all = await conn.query('SELECT Id FROM DatedConversionRate', { autoFetch: true, maxFetch: 100000 });
    expect(all.records.length).to.equal(total);
    const cols = await call(
      org,
      'GET',
      `${v}/query?q=${encodeURIComponent('SELECT Name, Profile.Name, COUNT(Id) n FROM User GROUP BY Name, Profile.Name')}&columns=true`
    );
    const meta = cols.json as { columnMetadata: { columnName: string; aggregate: boolean }[]; entityName: string };
    expect(meta.entityName).to.equal('User');
    expect(meta.columnMetadata.map((c) => [c.columnName, c.aggregate])).to.deep.equal([
      ['Name', false],
      ['Name', false],
      ['n', true]
    ]);
  });

  it('keeps records and sessions across a restart with a data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-org-dir-'));
    try {
      const first = await startLocalOrg({ dataDir: dir });
      const created = await call(first, 'POST', `${v}/sobjects/DatedConversionRate`, {
        IsoCode: 'EUR',
        ConversionRate: 0.81,
        StartDate: '2031-02-03'
      });
      const id = (created.json as { id: string }).id;
      await first.stop();
      const second = await startLocalOrg({ dataDir: dir });
      try {
        expect(second.orgId).to.equal(first.orgId);
        const again = await call(
          { ...second, accessToken: first.accessToken },
          'GET',
          `${v}/sobjects/DatedConversionRate/${id}`
        );
        expect([again.status, (again.json as { ConversionRate: number }).ConversionRate]).to.deep.equal([200, 0.81]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the tooling query and the limits resource', async () => {
    const t = await call(org, 'GET', `${v}/tooling/query?q=${encodeURIComponent('SELECT Id, Name FROM ApexClass')}`);
    expect(t.json).to.deep.include({ totalSize: 0, done: true, entityTypeName: 'ApexClass' });
    const first = await call(org, 'GET', `${v}/limits`);
    const second = await call(org, 'GET', `${v}/limits`);
    const used = (r: typeof first) =>
      Number(/api-usage=(\d+)\/15000/.exec(r.headers.get('sforce-limit-info') ?? '')?.[1]);
    expect(used(second)).to.equal(used(first) + 1);
    const limits = second.json as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyApiRequests).to.deep.equal({ Max: 15000, Remaining: 15000 - used(second) });
  });
});
