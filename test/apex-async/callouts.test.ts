/** Callouts on the local runtime: named credentials to the org's own API, token refresh, limits, failures. */
import { expect } from 'chai';
import type { LocalOrg } from '../../src/local-org/index.js';
import { putMetadata } from '../../src/local-org/metadata/registry.js';
import { getPrincipalCredential, runSoql } from '../../src/local-org/index.js';
import { count, job, orgWithClasses, run, userDebug } from './helpers.js';

/** Deploys (as parsed metadata) an OAuth External Credential with a named principal, its Named Credential and Auth Provider. */
function deployCredentials(org: LocalOrg): void {
  putMetadata(org.store, {
    type: 'AuthProvider',
    fullName: 'SelfOrg',
    fileName: 'authproviders/SelfOrg.authprovider',
    content: {
      providerType: 'Salesforce',
      friendlyName: 'Self',
      consumerKey: 'key',
      consumerSecret: 'secret',
      defaultScopes: 'api refresh_token'
    }
  });
  putMetadata(org.store, {
    type: 'ExternalCredential',
    fullName: 'SelfApi',
    fileName: 'externalCredentials/SelfApi.externalCredential',
    content: {
      authenticationProtocol: 'Oauth',
      externalCredentialParameters: [
        { parameterName: 'SelfOrg', parameterType: 'AuthProvider', authProvider: 'SelfOrg' },
        { parameterName: 'Scope', parameterType: 'AuthParameter', parameterValue: 'api refresh_token' },
        { parameterName: 'Robot', parameterType: 'NamedPrincipal', sequenceNumber: '1' }
      ]
    }
  });
  putMetadata(org.store, {
    type: 'NamedCredential',
    fullName: 'SelfApi',
    fileName: 'namedCredentials/SelfApi.namedCredential',
    content: {
      generateAuthorizationHeader: 'true',
      namedCredentialType: 'SecuredEndpoint',
      namedCredentialParameters: [
        { parameterName: 'Url', parameterType: 'Url', parameterValue: org.instanceUrl },
        { parameterName: 'ExternalCredential', parameterType: 'Authentication', externalCredential: 'SelfApi' }
      ]
    }
  });
  putMetadata(org.store, {
    type: 'PermissionSet',
    fullName: 'Caller',
    fileName: 'permissionsets/Caller.permissionset',
    content: {
      label: 'Caller',
      externalCredentialPrincipalAccesses: { enabled: 'true', externalCredentialPrincipal: 'SelfApi-Robot' }
    }
  });
  org.store.insert('PermissionSet', { Name: 'Caller', Label: 'Caller' }, { system: true });
}

function assignCaller(org: LocalOrg): void {
  const psId = runSoql(org.store, "SELECT Id FROM PermissionSet WHERE Name = 'Caller'").records[0].Id;
  org.store.insert('PermissionSetAssignment', { AssigneeId: org.userId, PermissionSetId: psId }, { system: true });
}

/** Completes the principal's browser flow the way an admin's browser would: auth-url, then follow redirects. */
async function authenticatePrincipal(org: LocalOrg): Promise<void> {
  const res = await fetch(`${org.instanceUrl}/services/data/v65.0/named-credentials/credential/auth-url/o-auth`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ externalCredential: 'SelfApi', principalName: 'Robot', principalType: 'NamedPrincipal' })
  });
  expect(res.status).to.equal(200);
  const { authenticationUrl } = (await res.json()) as { authenticationUrl: string };
  const page = await fetch(authenticationUrl);
  expect(page.status, await page.clone().text()).to.equal(200);
}

const CORPORATE = `
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:SelfApi/services/data/v65.0/query?q=SELECT+IsoCode+FROM+CurrencyType+WHERE+IsCorporate=true');
req.setMethod('GET');
HttpResponse res = new Http().send(req);
System.debug(res.getStatusCode() + ' ' + res.getStatus());
Map<String, Object> body = (Map<String, Object>) JSON.deserializeUntyped(res.getBody());
System.debug(((Map<String, Object>) ((List<Object>) body.get('records'))[0]).get('IsoCode'));
System.debug(Limits.getCallouts());`;

const SESSION_BATCH = `
public class SessionBatch implements Database.Batchable<Integer>, Database.AllowsCallouts {
  public String base;
  public SessionBatch(String base) { this.base = base; }
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) {
    HttpRequest req = new HttpRequest();
    req.setEndpoint(base + '/services/data/v65.0/sobjects/CurrencyType');
    req.setMethod('GET');
    req.setHeader('Authorization', 'OAuth ' + UserInfo.getSessionId());
    HttpResponse res = new Http().send(req);
    if (res.getStatusCode() != 200) throw new CalloutException(res.getStatusCode() + ' ' + res.getBody());
  }
  public void finish(Database.BatchableContext bc) {}
}`;

/** Creates a Note__c through the org's own REST API; the caller then sees it, and fails. */
const SELF_WRITE_THEN_FAIL = `
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:SelfApi/services/data/v65.0/sobjects/Note__c');
req.setMethod('POST');
req.setHeader('Content-Type', 'application/json');
req.setBody('{"Name": "written by a self-callout"}');
HttpResponse res = new Http().send(req);
System.debug(res.getStatusCode());
System.debug([SELECT COUNT() FROM Note__c WHERE Name = 'written by a self-callout']);
Integer boom = 1 / 0;`;

const SELF_WRITE_BATCH = `
public class SelfWriteBatch implements Database.Batchable<Integer>, Database.AllowsCallouts {
  public List<Integer> start(Database.BatchableContext bc) { return new List<Integer>{ 1 }; }
  public void execute(Database.BatchableContext bc, List<Integer> scope) {
    HttpRequest req = new HttpRequest();
    req.setEndpoint('callout:SelfApi/services/data/v65.0/sobjects/Note__c');
    req.setMethod('POST');
    req.setHeader('Content-Type', 'application/json');
    req.setBody('{"Name": "written by a batch self-callout"}');
    HttpResponse res = new Http().send(req);
    insert new Note__c(Name = 'written by the batch itself');
    throw new CalloutException('failing after ' + res.getStatusCode());
  }
  public void finish(Database.BatchableContext bc) {}
}`;

const NOOP_QUEUEABLE = `
public class NoopQueueable implements Queueable {
  public void execute(QueueableContext ctx) {}
}`;

describe('Callouts (local runtime)', function () {
  this.timeout(60_000);
  let org: LocalOrg;
  before(async () => {
    org = await orgWithClasses({
      SessionBatch: SESSION_BATCH,
      SelfWriteBatch: SELF_WRITE_BATCH,
      NoopQueueable: NOOP_QUEUEABLE
    });
    deployCredentials(org);
  });
  after(async () => {
    await org.stop();
  });

  it('refuses a named-credential callout when the user has no principal access', async () => {
    const r = await run(org, CORPORATE);
    expect(r.success).to.equal(false);
    expect(r.message).to.equal(
      'System.CalloutException: We couldn\'t access the credential(s). You might not have the required permissions, or the external credential "SelfApi" might not exist.'
    );
  });

  it('refuses it while the named principal is not authenticated, even with access', async () => {
    assignCaller(org);
    const r = await run(org, CORPORATE);
    expect(r.success).to.equal(false);
    expect(r.message).to.match(/^System\.CalloutException: We couldn't access the credential\(s\)/);
  });

  it("calls the org's own REST API through the named credential with the principal's token", async () => {
    await authenticatePrincipal(org);
    const r = await run(org, CORPORATE);
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)).to.deep.equal(['200 OK', 'USD', '1']);
  });

  it("refreshes the principal's token after a 401 and retries once", async () => {
    const before = getPrincipalCredential(org.store, 'SelfApi', 'Robot')!.accessToken;
    const revoke = await fetch(`${org.instanceUrl}/__local/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
      body: JSON.stringify({ token: before })
    });
    expect(revoke.status).to.equal(200);
    const r = await run(org, CORPORATE);
    expect(r.success, r.message).to.equal(true);
    expect(userDebug(r.log)[0]).to.equal('200 OK');
    const after = getPrincipalCredential(org.store, 'SelfApi', 'Robot')!.accessToken;
    expect(after).to.not.equal(before);
  });

  it('refuses a callout after DML in the same transaction', async () => {
    const r = await run(org, "insert new Note__c(Name = 'x');\n" + CORPORATE);
    expect(r.message).to.equal(
      'System.CalloutException: You have uncommitted work pending. Please commit or rollback before calling out'
    );
  });

  it("runs a self-callout as its own transaction: its acknowledged write survives the caller's rollback", async () => {
    // GIVEN an authenticated named principal (earlier tests) and no such note
    expect(count(org, "SELECT COUNT() FROM Note__c WHERE Name = 'written by a self-callout'")).to.equal(0);
    // WHEN anonymous Apex creates a note through the org's REST API, then fails with an unhandled exception
    const r = await run(org, SELF_WRITE_THEN_FAIL);
    // THEN the caller saw the committed note, its own transaction rolled back, and the note stays
    expect(r.success).to.equal(false);
    expect(r.message).to.equal('System.MathException: Divide by 0');
    expect(userDebug(r.log)).to.deep.equal(['201', '1']);
    expect(count(org, "SELECT COUNT() FROM Note__c WHERE Name = 'written by a self-callout'")).to.equal(1);
  });

  it("keeps a batch chunk's self-callout write when the chunk fails, and rolls back the chunk's own DML", async () => {
    // WHEN a batch execute creates a note through the REST API, inserts one with DML, then throws
    const r = await run(org, 'System.debug(Database.executeBatch(new SelfWriteBatch()));');
    expect(r.success, r.message).to.equal(true);
    await org.apex!.whenIdle();
    // THEN the chunk failed, the API's note is there and the chunk's own insert is not
    expect(job(org, userDebug(r.log)[0]).NumberOfErrors).to.equal(1);
    expect(count(org, "SELECT COUNT() FROM Note__c WHERE Name = 'written by a batch self-callout'")).to.equal(1);
    expect(count(org, "SELECT COUNT() FROM Note__c WHERE Name = 'written by the batch itself'")).to.equal(0);
  });

  it('fails loudly when a self-callout cannot be its own transaction (the caller already wrote a job row)', async () => {
    const r = await run(org, 'System.enqueueJob(new NoopQueueable());\n' + CORPORATE);
    expect(r.success).to.equal(false);
    expect(r.message).to.match(
      /^System\.CalloutException: not supported by the local runtime: a callout to this org's own API \(\/services\/data\/v65\.0\/query\) from a transaction that has already written records/
    );
    await org.apex!.whenIdle();
  });

  it('stops the 101st callout of a transaction with an uncatchable LimitException', async () => {
    const code = `HttpRequest req = new HttpRequest();
req.setEndpoint('callout:SelfApi/services/data');
req.setMethod('GET');
Http h = new Http();
Integer ok = 0;
try { for (Integer i = 0; i < 101; i++) { if (h.send(req).getStatusCode() == 200) ok++; } } catch (Exception e) { System.debug('caught'); }
System.debug(ok);`;
    const r = await run(org, code);
    expect(r.success).to.equal(false);
    expect(r.message).to.equal('System.LimitException: Too many callouts: 101');
    expect(userDebug(r.log)).to.deep.equal([]);
  });

  it('fails a direct callout to another host that no Remote Site Setting covers, as an org does', async () => {
    const r = await run(
      org,
      "HttpRequest req = new HttpRequest(); req.setEndpoint('https://example.com/x'); req.setMethod('GET'); new Http().send(req);"
    );
    expect(r.message).to.equal(
      'System.CalloutException: Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = https://example.com/x'
    );
  });

  it('a batch sending OAuth + UserInfo.getSessionId() gets 401 INVALID_SESSION_ID (the session is null in async Apex)', async () => {
    const r = await run(org, `System.debug(Database.executeBatch(new SessionBatch('${org.instanceUrl}')));`);
    expect(r.success, r.message).to.equal(true);
    const jobId = userDebug(r.log)[0];
    await org.apex!.whenIdle();
    const j = job(org, jobId);
    expect(j.NumberOfErrors).to.equal(1);
    expect(String(j.ExtendedStatus)).to.match(/^First error: 401 .*INVALID_SESSION_ID/);
    expect(count(org, "SELECT COUNT() FROM AsyncApexJob WHERE Status = 'Completed'")).to.be.greaterThan(0);
  });
});
