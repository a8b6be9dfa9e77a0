import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connectTo } from './helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const GLOBAL = 'extlClntAppGlobalOauthSets/App_glbloauth.ecaGlblOauth';
const globalSettings = `<?xml version="1.0" encoding="UTF-8"?><ExtlClntAppGlobalOauthSettings ${NS}><callbackUrl>https://example.invalid/cb</callbackUrl><externalClientApplication>App</externalClientApplication><isConsumerSecretOptional>false</isConsumerSecretOptional><label>App</label></ExtlClntAppGlobalOauthSettings>`;
const pkg = `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}><types><members>App</members><name>ExternalClientApplication</name></types><types><members>App_glbloauth</members><name>ExtlClntAppGlobalOauthSettings</name></types><version>65.0</version></Package>`;
const header = `<?xml version="1.0" encoding="UTF-8"?><ExternalClientApplication ${NS}><contactEmail>a@example.invalid</contactEmail><distributionState>Local</distributionState><label>App</label></ExternalClientApplication>`;

type Retrieved = { zipFile: string; messages?: { problem: string } | Array<{ problem: string }> };

describe('local org Metadata API retrieve (external client app consumer key and secret)', () => {
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());

  async function deploy(): Promise<void> {
    const z = new JSZip();
    z.file('package.xml', pkg);
    z.file('externalClientApps/App.eca', header);
    z.file(GLOBAL, globalSettings);
    const started = await conn.metadata.deploy(await z.generateAsync({ type: 'nodebuffer' }), {
      rollbackOnError: true,
      singlePackage: true
    });
    const result = await conn.metadata.checkDeployStatus(started.id, true);
    expect(String(result.success)).to.equal('true');
  }

  async function retrieve(types: Array<{ name: string; members: string[] }>): Promise<Retrieved> {
    conn.metadata.pollInterval = 50;
    type Request = Parameters<typeof conn.metadata.retrieve>[0];
    return (await conn.metadata
      .retrieve({ apiVersion: '65.0', unpackaged: { types, version: '65.0' } } as unknown as Request)
      .complete()) as unknown as Retrieved;
  }

  async function globalFile(r: Retrieved): Promise<string | undefined> {
    const z = await JSZip.loadAsync(Buffer.from(r.zipFile, 'base64'));
    return z.file(`unpackaged/${GLOBAL}`)?.async('string');
  }

  it('generates a consumer key and secret when the deployed global settings carry none, returns them on retrieve and keeps them on redeploy', async () => {
    await deploy();
    const first = await globalFile(
      await retrieve([{ name: 'ExtlClntAppGlobalOauthSettings', members: ['App_glbloauth'] }])
    );
    const key = /<consumerKey>([^<]+)<\/consumerKey>/.exec(first ?? '')?.[1];
    const secret = /<consumerSecret>([^<]+)<\/consumerSecret>/.exec(first ?? '')?.[1];
    expect(key).to.match(/^3MVG9[\w-]{20,}$/);
    expect(secret).to.match(/^[0-9A-F]{64}$/);
    expect(first).to.include('<callbackUrl>https://example.invalid/cb</callbackUrl>');
    await deploy();
    const again = await globalFile(await retrieve([{ name: 'ExtlClntAppGlobalOauthSettings', members: ['*'] }]));
    expect(again).to.include(`<consumerKey>${key}</consumerKey>`);
    expect(again).to.include(`<consumerSecret>${secret}</consumerSecret>`);
  });

  it('returns no global settings file for an app that is not deployed', async () => {
    const r = await retrieve([{ name: 'ExtlClntAppGlobalOauthSettings', members: ['Nope_glbloauth'] }]);
    expect(await globalFile(r)).to.equal(undefined);
  });
});
