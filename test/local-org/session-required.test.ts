/**
 * Which REST resources need a session, as in an org: the Versions resource (`/services/data`) answers
 * anyone ("You don't need authentication to retrieve the list of versions",
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_versions.htm); every
 * resource under `/services/data/vNN.0` needs `Authorization: Bearer` (Resources by Version,
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-discoveryresource.md) and
 * answers 401 `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]` without one.
 * So a readiness probe of `/services/data` proves nothing about a session, and this test shows it.
 */
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { call } from './helpers.js';

const INVALID = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
const v = '/services/data/v65.0';
const AUTHENTICATED: [string, string][] = [
  ['GET', v],
  ['GET', `${v}/`],
  ['GET', `${v}/sobjects`],
  ['GET', `${v}/sobjects/DatedConversionRate/describe`],
  ['POST', `${v}/sobjects/DatedConversionRate`],
  ['GET', `${v}/query?q=SELECT+Id+FROM+Organization`],
  ['GET', `${v}/limits`],
  ['POST', `${v}/composite/sobjects`],
  ['GET', `${v}/tooling/query?q=SELECT+Id+FROM+ApexClass`],
  ['GET', `${v}/tooling/executeAnonymous?anonymousBody=Integer+i%3B`],
  ['GET', `${v}/named-credentials/credential?externalCredential=X&principalName=P&principalType=NamedPrincipal`],
  ['POST', `${v}/metadata/deployRequest`],
  ['GET', '//services/data/v66.0/sobjects']
];

describe('local org sessions: /services/data is open, /services/data/vNN.0/** needs a session', () => {
  let org: LocalOrg;
  before(async () => {
    org = await startLocalOrg();
  });
  after(() => org.stop());

  it('lists the versions to anyone: no token, a bogus token or a revoked one', async () => {
    for (const auth of ['', `Bearer ${org.orgId.slice(0, 15)}!bogus`, 'Bearer not-even-a-token']) {
      const r = await call(org, 'GET', '/services/data', undefined, { Authorization: auth });
      expect(r.status, auth).to.equal(200);
      expect((r.json as { version: string }[]).map((x) => x.version)).to.include('65.0');
    }
  });

  it('answers 401 INVALID_SESSION_ID for every resource under a version without a valid session', async () => {
    for (const auth of ['', `Bearer ${org.orgId.slice(0, 15)}!bogus`]) {
      for (const [method, path] of AUTHENTICATED) {
        const r = await call(org, method, path, method === 'POST' ? {} : undefined, { Authorization: auth });
        expect([r.status, r.json], `${method} ${path} (${auth || 'no token'})`).to.deep.equal([401, INVALID]);
      }
    }
  });

  it('so a probe of the versions resource passes with a bad session while an authenticated resource fails', async () => {
    const bad = { Authorization: `Bearer ${org.orgId.slice(0, 15)}!expired` };
    const versions = await call(org, 'GET', '/services/data', undefined, bad);
    const limits = await call(org, 'GET', `${v}/limits`, undefined, bad);
    expect([versions.status, limits.status]).to.deep.equal([200, 401]);
    expect((await call(org, 'GET', `${v}/limits`)).status, 'with the session').to.equal(200);
  });
});
