/**
 * The org's settings through the Metadata API's readMetadata (defaults of a new org, overridden by a
 * deployed settings file), and ExternalClientAppSettings.enableConsumerSecretApiAccess deciding whether
 * a retrieve of an external client app's global OAuth settings carries the consumer key and secret.
 * Sources in docs/platform-facts.md.
 */
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connectTo } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

async function deploy(
  conn: Connection,
  files: Record<string, string>,
  types: Record<string, string[]>
): Promise<string> {
  const z = new JSZip();
  const body = Object.entries(types)
    .map(
      ([name, members]) =>
        `<types>${members.map((m) => `<members>${m}</members>`).join('')}<name>${name}</name></types>`
    )
    .join('');
  z.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${body}<version>65.0</version></Package>`
  );
  for (const [path, text] of Object.entries(files)) z.file(path, text);
  const started = await conn.metadata.deploy(await z.generateAsync({ type: 'nodebuffer' }), {
    rollbackOnError: true,
    singlePackage: true
  });
  return (await conn.metadata.checkDeployStatus(started.id, true)).status;
}

const secretSetting = (on: boolean): Record<string, string> => ({
  'settings/ExternalClientApp.settings': `<?xml version="1.0" encoding="UTF-8"?><ExternalClientAppSettings ${NS}><enableConsumerSecretApiAccess>${on}</enableConsumerSecretApiAccess><enableExternalClientApps>true</enableExternalClientApps></ExternalClientAppSettings>`
});

const GLOBAL_OAUTH = {
  'extlClntAppGlobalOauthSets/Acme_glbloauth.ecaGlblOauth': `<?xml version="1.0" encoding="UTF-8"?>
<ExtlClntAppGlobalOauthSettings ${NS}>
    <callbackUrl>https://example.invalid/callback</callbackUrl>
    <externalClientApplication>Acme</externalClientApplication>
    <label>Acme Global OAuth</label>
</ExtlClntAppGlobalOauthSettings>
`
};

type Read = Record<string, unknown>;

async function readSetting(conn: Connection, type: string, name: string): Promise<Read> {
  type ReadType = Parameters<typeof conn.metadata.read>[0]; // jsforce's type list predates some settings types
  const read = (await conn.metadata.read(type as ReadType, name)) as unknown as Read;
  // jsforce types the values of the settings types it knows (booleans) and leaves the others strings
  return Object.fromEntries(Object.entries(read).map(([k, v]) => [k, String(v)]));
}

/** The retrieved global OAuth settings file of Acme. */
async function retrieveGlobalOauth(conn: Connection): Promise<string> {
  type Request = Parameters<typeof conn.metadata.retrieve>[0];
  const request = {
    apiVersion: '65.0',
    singlePackage: true,
    unpackaged: { types: [{ name: 'ExtlClntAppGlobalOauthSettings', members: ['Acme_glbloauth'] }], version: '65.0' }
  };
  conn.metadata.pollInterval = 50;
  const result = (await conn.metadata.retrieve(request as unknown as Request).complete()) as { zipFile: string };
  const zip = await JSZip.loadAsync(Buffer.from(result.zipFile, 'base64'));
  const file = Object.values(zip.files).find((f) => f.name.endsWith('Acme_glbloauth.ecaGlblOauth'));
  return file ? file.async('string') : '';
}

describe('local org: org settings through readMetadata, and the consumer-secret setting', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());

  it("answers a new org's settings: external client app secrets exposed, async Apex validation on", async () => {
    expect(await readSetting(conn, 'ExternalClientAppSettings', 'ExternalClientApp')).to.include({
      fullName: 'ExternalClientApp',
      enableConsumerSecretApiAccess: 'true',
      enableExternalClientApps: 'true'
    });
    expect(await readSetting(conn, 'DeploymentSettings', 'Deployment')).to.include({
      fullName: 'Deployment',
      doesSkipAsyncApexValidation: 'false'
    });
  });

  it('says plainly what it does not model (an unmodelled settings type, a non-settings type)', async () => {
    for (const [type, name] of [
      ['SecuritySettings', 'Security'],
      ['ApexClass', 'Foo']
    ]) {
      let message = '';
      try {
        await readSetting(conn, type, name);
      } catch (e) {
        message = e instanceof Error ? e.message : String(e);
      }
      expect(message, type).to.match(new RegExp(`not supported by the local runtime: readMetadata of ${type}`));
    }
  });

  it('retrieves the generated key and secret while the setting is on, withholds them once it is deployed off', async () => {
    expect(await deploy(conn, GLOBAL_OAUTH, { ExtlClntAppGlobalOauthSettings: ['Acme_glbloauth'] })).to.equal(
      'Succeeded'
    );
    const exposed = await retrieveGlobalOauth(conn);
    const key = /<consumerKey>([^<]+)<\/consumerKey>/.exec(exposed)?.[1];
    expect(key, exposed).to.match(/^3MVG9/);
    expect(exposed).to.match(/<consumerSecret>[0-9A-F]{64}<\/consumerSecret>/);

    expect(await deploy(conn, secretSetting(false), { Settings: ['ExternalClientApp'] })).to.equal('Succeeded');
    expect(await readSetting(conn, 'ExternalClientAppSettings', 'ExternalClientApp')).to.include({
      enableConsumerSecretApiAccess: 'false'
    });
    const withheld = await retrieveGlobalOauth(conn);
    expect(withheld).to.include('<callbackUrl>https://example.invalid/callback</callbackUrl>');
    expect(withheld).not.to.match(/consumerKey|consumerSecret/);

    // on again: the same key as before (the org keeps what it generated)
    expect(await deploy(conn, secretSetting(true), { Settings: ['ExternalClientApp'] })).to.equal('Succeeded');
    expect(await retrieveGlobalOauth(conn)).to.include(`<consumerKey>${key}</consumerKey>`);
  });
});
