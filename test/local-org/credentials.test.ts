import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { getPrincipalCredential } from '../../src/local-org/org/credentials.js';
import { call, errorCode, connectTo } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('local org named-principal OAuth (External Credential browser flow)', () => {
  let org: LocalOrg;
  const v = '/services/data/v65.0';
  before(async () => {
    org = await startLocalOrg();
    const conn = await connectTo(org);
    const z = new JSZip();
    z.file(
      'package.xml',
      `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}><types><members>Ext</members><name>ExternalCredential</name></types><types><members>Prov</members><name>AuthProvider</name></types><version>65.0</version></Package>`
    );
    z.file(
      'externalCredentials/Ext.externalCredential',
      `<?xml version="1.0" encoding="UTF-8"?><ExternalCredential ${NS}><authenticationProtocol>Oauth</authenticationProtocol>
        <externalCredentialParameters><authProvider>Prov</authProvider><parameterName>Prov</parameterName><parameterType>AuthProvider</parameterType></externalCredentialParameters>
        <externalCredentialParameters><parameterName>Scope</parameterName><parameterType>AuthParameter</parameterType><parameterValue>api refresh_token</parameterValue></externalCredentialParameters>
        <externalCredentialParameters><parameterGroup>Robot</parameterGroup><parameterName>Robot</parameterName><parameterType>NamedPrincipal</parameterType><sequenceNumber>1</sequenceNumber></externalCredentialParameters>
        <label>Ext</label></ExternalCredential>`
    );
    z.file(
      'authproviders/Prov.authprovider',
      `<?xml version="1.0" encoding="UTF-8"?><AuthProvider ${NS}><authorizeUrl>${org.instanceUrl}/services/oauth2/authorize</authorizeUrl><consumerKey>key</consumerKey><consumerSecret>secret</consumerSecret>
        <defaultScopes>api refresh_token</defaultScopes><friendlyName>Prov</friendlyName><providerType>Salesforce</providerType><tokenUrl>${org.instanceUrl}/services/oauth2/token</tokenUrl></AuthProvider>`
    );
    const started = await conn.metadata.deploy(await z.generateAsync({ type: 'nodebuffer' }), { singlePackage: true });
    const result = await conn.metadata.checkDeployStatus(started.id, true);
    expect(result.success, JSON.stringify(result.details)).to.equal(true);
  });
  after(() => org.stop());

  it('gives an authentication URL, completes the browser flow and stores the principal tokens', async () => {
    const status = () =>
      call(
        org,
        'GET',
        `${v}/named-credentials/credential?externalCredential=Ext&principalName=Robot&principalType=NamedPrincipal`
      );
    expect(((await status()).json as { authenticationStatus: string }).authenticationStatus).to.equal('NotConfigured');
    const r = await call(org, 'POST', `${v}/named-credentials/credential/auth-url/o-auth`, {
      externalCredential: 'Ext',
      principalName: 'Robot',
      principalType: 'NamedPrincipal',
      returnUrl: 'lightning/setup/NamedCredential/home'
    });
    const url = new URL((r.json as { authenticationUrl: string }).authenticationUrl);
    expect(url.pathname).to.equal('/services/oauth2/authorize');
    expect(url.searchParams.get('redirect_uri')).to.equal(`${org.instanceUrl}/services/authcallback/Prov`);
    expect(url.searchParams.get('scope')).to.equal('api refresh_token');
    const browser = await fetch(url);
    expect(browser.status).to.equal(200);
    expect(await browser.text()).to.contain('Robot of Ext is authenticated');
    expect(((await status()).json as { authenticationStatus: string }).authenticationStatus).to.equal('Configured');
    const cred = getPrincipalCredential(org.store, 'Ext', 'Robot')!;
    expect(cred.refreshToken).to.be.a('string');
    const withPrincipal = await call(org, 'GET', `${v}/limits`, undefined, {
      Authorization: `Bearer ${cred.accessToken}`
    });
    expect(withPrincipal.status).to.equal(200);
    const replay = await fetch(url);
    expect(await replay.text()).to.contain('Authentication failed');
  });

  it('reports unknown credentials and principals', async () => {
    const unknown = await call(org, 'POST', `${v}/named-credentials/credential/auth-url/o-auth`, {
      externalCredential: 'Nope',
      principalName: 'Robot'
    });
    expect([unknown.status, errorCode(unknown)]).to.deep.equal([404, 'NOT_FOUND']);
    const noPrincipal = await call(org, 'POST', `${v}/named-credentials/credential/auth-url/o-auth`, {
      externalCredential: 'Ext',
      principalName: 'Other'
    });
    expect(errorCode(noPrincipal)).to.equal('NOT_FOUND');
  });
});
