/**
 * Custom-protocol External Credentials: a principal's authentication parameters set through the Connect
 * REST API, custom-header formulas (`{!… $Credential.<EC>.<Param>}`) evaluated at callout time, the
 * platform's failure for an unknown parameter, and merge fields never evaluated in the endpoint URL.
 */
import { expect } from 'chai';
import { runSoql, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { putMetadata } from '../../src/local-org/metadata/registry.js';
import { run, userDebug } from '../apex-async/helpers.js';
import { call, errorCode } from './helpers.js';

const v = '/services/data/v65.0';

function deployKeyedCredential(org: LocalOrg, opts: { mergeInHeader?: boolean } = {}): void {
  putMetadata(org.store, {
    type: 'ExternalCredential',
    fullName: 'Keyed',
    fileName: 'externalCredentials/Keyed.externalCredential',
    content: {
      authenticationProtocol: 'Custom',
      externalCredentialParameters: [
        { parameterName: 'Robot', parameterType: 'NamedPrincipal', parameterGroup: 'Robot', sequenceNumber: '1' },
        {
          parameterName: 'Authorization',
          parameterType: 'AuthHeader',
          parameterValue: "{!'Token ' & $Credential.Keyed.AppId}",
          sequenceNumber: '1'
        },
        {
          parameterName: 'X-Signature',
          parameterType: 'AuthHeader',
          parameterValue: "{!HEX(HMAC('SHA-256', BLOB('GET'), BLOB($Credential.Keyed.AppId)))}",
          sequenceNumber: '2'
        }
      ]
    }
  });
  putMetadata(org.store, {
    type: 'NamedCredential',
    fullName: 'Keyed',
    fileName: 'namedCredentials/Keyed.namedCredential',
    content: {
      generateAuthorizationHeader: 'true',
      allowMergeFieldsInHeader: opts.mergeInHeader ? 'true' : 'false',
      namedCredentialType: 'SecuredEndpoint',
      namedCredentialParameters: [
        { parameterName: 'Url', parameterType: 'Url', parameterValue: 'https://keyed.example.test' },
        { parameterName: 'ExternalCredential', parameterType: 'Authentication', externalCredential: 'Keyed' },
        { parameterName: 'X-Client', parameterType: 'HttpHeader', parameterValue: "{!'dated' & '-rates'}" }
      ]
    }
  });
  putMetadata(org.store, {
    type: 'PermissionSet',
    fullName: 'KeyedCaller',
    fileName: 'permissionsets/KeyedCaller.permissionset',
    content: {
      label: 'KeyedCaller',
      externalCredentialPrincipalAccesses: { enabled: 'true', externalCredentialPrincipal: 'Keyed-Robot' }
    }
  });
  org.store.insert('PermissionSet', { Name: 'KeyedCaller', Label: 'KeyedCaller' }, { system: true });
  const psId = runSoql(org.store, "SELECT Id FROM PermissionSet WHERE Name = 'KeyedCaller'").records[0].Id;
  org.store.insert('PermissionSetAssignment', { AssigneeId: org.userId, PermissionSetId: psId }, { system: true });
}

async function control(org: LocalOrg, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${org.instanceUrl}/__local/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  expect(res.status, path).to.be.lessThan(300);
  return res.json();
}

async function fixture(org: LocalOrg, spec: Record<string, unknown>): Promise<void> {
  await control(org, 'POST', 'fixtures', spec);
}

type Logged = { url: string; headers: Record<string, string> };
async function requests(org: LocalOrg): Promise<Logged[]> {
  return ((await control(org, 'GET', 'fixtures/requests')) as { requests: Logged[] }).requests;
}
async function lastRequest(org: LocalOrg): Promise<Logged> {
  return (await requests(org)).at(-1)!;
}

const GET = (endpoint: string, header = ''): string => `
  HttpRequest req = new HttpRequest(); req.setEndpoint('${endpoint}'); req.setMethod('GET');
  ${header}
  HttpResponse res = new Http().send(req);
  System.debug(res.getStatusCode() + '|' + res.getBody());`;

async function setKey(org: LocalOrg, key: string, method = 'POST'): Promise<{ status: number; json: unknown }> {
  return call(org, method, `${v}/named-credentials/credential`, {
    externalCredential: 'Keyed',
    principalName: 'Robot',
    principalType: 'NamedPrincipal',
    authenticationProtocol: 'Custom',
    credentials: { AppId: { value: key, encrypted: true } }
  });
}

describe('local org: Custom External Credentials and header formulas', () => {
  let org: LocalOrg;
  beforeEach(async () => {
    org = await startLocalOrg({ clock: { now: '2026-03-10T12:00:00Z', timeZone: 'UTC', freeze: true } });
  });
  afterEach(() => org.stop());

  it('sends the custom headers with the principal parameter set through the Connect REST API', async () => {
    deployKeyedCredential(org);
    await fixture(org, { host: 'keyed.example.test', path: '/api/*', status: 401, body: 'no key' });
    await fixture(org, {
      host: 'keyed.example.test',
      path: '/api/*',
      requestHeaders: { Authorization: 'Token s3cret' },
      body: 'rates'
    });
    const before = await call(
      org,
      'GET',
      `${v}/named-credentials/credential?externalCredential=Keyed&principalName=Robot&principalType=NamedPrincipal`
    );
    expect((before.json as { authenticationStatus: string }).authenticationStatus).to.equal('NotConfigured');
    const set = await setKey(org, 's3cret');
    expect(set.status).to.equal(201);
    expect(set.json).to.deep.include({ authenticationStatus: 'Configured', authenticationProtocol: 'Custom' });
    // An encrypted value is never answered back.
    expect((set.json as { credentials: Record<string, unknown> }).credentials).to.deep.equal({
      AppId: { encrypted: true, value: null }
    });
    const r = await run(org, GET('callout:Keyed/api/latest.json'));
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['200|rates']);
    const sent = (await lastRequest(org)).headers;
    expect(sent.Authorization).to.equal('Token s3cret');
    expect(sent['X-Client']).to.equal('dated-rates');
    // HMAC-SHA256 of "GET" keyed with the App ID, as hex.
    const { createHmac } = await import('node:crypto');
    expect(sent['X-Signature']).to.equal(createHmac('sha256', 's3cret').update('GET').digest('hex'));
    // A PUT replaces the key; the next callout carries the new one.
    expect((await setKey(org, 'rotated', 'PUT')).status).to.equal(200);
    await run(org, GET('callout:Keyed/api/latest.json'));
    expect((await lastRequest(org)).headers.Authorization).to.equal('Token rotated');
  });

  it('fails the callout as the platform does when the principal has no such parameter', async () => {
    deployKeyedCredential(org);
    await fixture(org, { host: 'keyed.example.test', body: 'never' });
    const r = await run(
      org,
      `try { ${GET('callout:Keyed/api/latest.json')} } catch (CalloutException e) { System.debug('CalloutException: ' + e.getMessage()); }`
    );
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['CalloutException: Field Keyed.AppId does not exist. Check spelling.']);
    expect(await requests(org)).to.have.length(0);
    // DELETE forgets a key that was set.
    await setKey(org, 'k');
    const del = await call(
      org,
      'DELETE',
      `${v}/named-credentials/credential?externalCredential=Keyed&principalName=Robot&principalType=NamedPrincipal`
    );
    expect(del.status).to.equal(204);
    const again = await run(org, GET('callout:Keyed/api/latest.json'));
    expect(again.success).to.equal(false);
    expect(again.message).to.contain('Field Keyed.AppId does not exist');
  });

  it('never evaluates merge fields in the endpoint URL; in Apex headers only with Allow Merge Fields in HTTP Header', async () => {
    deployKeyedCredential(org);
    await setKey(org, 's3cret');
    await fixture(org, { host: 'keyed.example.test', body: 'ok' });
    const header = "req.setHeader('X-Key', '{!$Credential.Keyed.AppId}');";
    await run(org, GET('callout:Keyed/api/x.json?app_id={!$Credential.Keyed.AppId}', header));
    const literal = await lastRequest(org);
    expect(decodeURIComponent(literal.url)).to.contain('app_id={!$Credential.Keyed.AppId}');
    expect(literal.headers['X-Key']).to.equal('{!$Credential.Keyed.AppId}');
    deployKeyedCredential(org, { mergeInHeader: true });
    await run(org, GET('callout:Keyed/api/x.json', header));
    expect((await lastRequest(org)).headers['X-Key']).to.equal('s3cret');
  });

  it('refuses credential parameters that do not fit the deployed External Credential', async () => {
    deployKeyedCredential(org);
    const unknownEc = await call(org, 'POST', `${v}/named-credentials/credential`, {
      externalCredential: 'Nope',
      principalName: 'Robot',
      authenticationProtocol: 'Custom',
      credentials: {}
    });
    expect([unknownEc.status, errorCode(unknownEc)]).to.deep.equal([404, 'NOT_FOUND']);
    const unknownPrincipal = await call(org, 'POST', `${v}/named-credentials/credential`, {
      externalCredential: 'Keyed',
      principalName: 'Other',
      authenticationProtocol: 'Custom',
      credentials: {}
    });
    expect(errorCode(unknownPrincipal)).to.equal('NOT_FOUND');
    const wrongProtocol = await call(org, 'POST', `${v}/named-credentials/credential`, {
      externalCredential: 'Keyed',
      principalName: 'Robot',
      authenticationProtocol: 'Oauth',
      credentials: { AppId: { value: 'x' } }
    });
    expect([wrongProtocol.status, errorCode(wrongProtocol)]).to.deep.equal([400, 'INVALID_INPUT']);
    const notAString = await call(org, 'POST', `${v}/named-credentials/credential`, {
      externalCredential: 'Keyed',
      principalName: 'Robot',
      authenticationProtocol: 'Custom',
      credentials: { AppId: { value: 42 } }
    });
    expect((notAString.json as { message: string }[])[0].message).to.contain(
      'credentials.AppId.value must be a string'
    );
  });
});
