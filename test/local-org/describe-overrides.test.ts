/**
 * Describe overrides (control API `/__local/describe-overrides`): each documented-open describe answer
 * can be set per sObject, for Apex, REST or both, so code can be tested under every answer.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call, connectTo, errorCode } from './helpers.js';

describe('local org describe overrides (control API)', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());
  afterEach(() => call(org, 'DELETE', '/__local/describe-overrides'));

  /** What Apex's Schema describe says about DatedConversionRate (reported through the exception message). */
  async function apexSays(): Promise<string> {
    const r = await conn.tooling.executeAnonymous(
      `Schema.DescribeSObjectResult d = Schema.SObjectType.DatedConversionRate;
       throw new IllegalArgumentException('createable=' + d.isCreateable() + ' updateable=' + d.isUpdateable());`
    );
    return String(r.exceptionMessage).replace(/^System\.IllegalArgumentException: /, '');
  }
  const restSays = async (): Promise<boolean> => (await conn.describe('DatedConversionRate')).createable;

  it('answers createable true in Apex and REST by default (ACM on)', async () => {
    expect([await apexSays(), await restSays()]).to.deep.equal(['createable=true updateable=true', true]);
  });

  it('makes Apex isCreateable() false while REST still says createable', async () => {
    const set = await call(org, 'POST', '/__local/describe-overrides', {
      sObject: 'datedconversionrate',
      scope: 'apex',
      createable: false
    });
    expect([set.status, set.json]).to.deep.equal([
      201,
      { overrides: [{ sObject: 'DatedConversionRate', scope: 'apex', createable: false }] }
    ]);
    expect([await apexSays(), await restSays()]).to.deep.equal(['createable=false updateable=true', true]);
  });

  it('overrides the REST describe and both scopes, and clears', async () => {
    await call(org, 'POST', '/__local/describe-overrides', {
      sObject: 'DatedConversionRate',
      scope: 'rest',
      createable: false
    });
    expect([await apexSays(), await restSays()]).to.deep.equal(['createable=true updateable=true', false]);
    await call(org, 'POST', '/__local/describe-overrides', {
      sObject: 'DatedConversionRate',
      scope: 'all',
      createable: false,
      updateable: false
    });
    expect(await apexSays()).to.equal('createable=false updateable=false');
    const listed = await call(org, 'GET', '/__local/describe-overrides');
    expect((listed.json as { overrides: unknown[] }).overrides).to.have.length(2);
    await call(org, 'DELETE', '/__local/describe-overrides');
    expect([await apexSays(), await restSays()]).to.deep.equal(['createable=true updateable=true', true]);
  });

  it('rejects an unknown sObject, scope or property with INVALID_INPUT', async () => {
    const bad = [
      { sObject: 'NoSuchThing', createable: false },
      { sObject: 'DatedConversionRate', scope: 'soap', createable: false },
      { sObject: 'DatedConversionRate', creatable: false },
      { sObject: 'DatedConversionRate', createable: 'no' }
    ];
    for (const body of bad) {
      const r = await call(org, 'POST', '/__local/describe-overrides', body);
      expect([r.status, errorCode(r)], JSON.stringify(body)).to.deep.equal([400, 'INVALID_INPUT']);
    }
  });
});
