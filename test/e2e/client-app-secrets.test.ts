/**
 * Issue 11 point 1 (non-scratch orgs): the preflight of `setup` and `status` reports the org setting that
 * exposes external client app consumer secrets through the Metadata API
 * (ExternalClientAppSettings.enableConsumerSecretApiAccess), read from the local org as from a real one,
 * both ways: on, setup reads the generated key and secret back after phase 1; off, the preflight warns
 * and setup stops after phase 1 with both ways forward.
 */
import '../isolated-home.js';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { AuthInfo, Connection } from '@salesforce/core';
import { expect } from 'chai';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { runCommand, type RunOutcome } from '../../src/toolchain/index.js';
import { checkClientAppSecrets } from '../../src/toolchain/preflight.js';
import type { CommandName } from '../../src/toolchain/commands/specs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** What an admin does in Setup > External Client App Settings, through the Metadata API. */
async function setSecretAccess(conn: Connection, on: boolean): Promise<void> {
  const z = new JSZip();
  z.file(
    'package.xml',
    `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}><types><members>ExternalClientApp</members><name>Settings</name></types><version>65.0</version></Package>`
  );
  z.file(
    'settings/ExternalClientApp.settings',
    `<?xml version="1.0" encoding="UTF-8"?><ExternalClientAppSettings ${NS}><enableConsumerSecretApiAccess>${on}</enableConsumerSecretApiAccess></ExternalClientAppSettings>`
  );
  const started = await conn.metadata.deploy(await z.generateAsync({ type: 'nodebuffer' }), { singlePackage: true });
  expect((await conn.metadata.checkDeployStatus(started.id, true)).status).to.equal('Succeeded');
}

describe('preflight: the consumer-secret setting of external client apps (setup, status)', function () {
  this.timeout(300_000);
  let org: LocalOrg;
  let projectDir: string;
  let username = '';
  // no consumer key or secret: setup must read them back from the org
  const env: Record<string, string | undefined> = {
    ...process.env,
    CI: 'true',
    DATED_RATES_CONTACT_EMAIL: 'admin@local-org.invalid'
  };
  delete env.DATED_RATES_CONSUMER_KEY;
  delete env.DATED_RATES_CONSUMER_SECRET;

  async function cmd(name: CommandName, args: string[]): Promise<RunOutcome & { out: string; err: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const r = await runCommand(name, ['-o', 'secrets', ...args], { env: { ...env }, projectDir, stdout, stderr });
    return { ...r, out: stdout.text, err: stderr.text };
  }
  const connection = async (): Promise<Connection> =>
    Connection.create({ authInfo: await AuthInfo.create({ username }) });

  before(async () => {
    org = await startLocalOrg({ orgType: 'production' });
    projectDir = mkdtempSync(join(tmpdir(), 'dated-rates-secrets-'));
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(projectDir, f), { recursive: true });
    username = await registerWithCli(org, 'secrets');
  });
  after(async () => {
    await org?.stop();
    rmSync(projectDir, { recursive: true, force: true });
  });

  it('reports the setting on, as the org answers it', async () => {
    expect(await checkClientAppSecrets(await connection())).to.include({ id: 'client-app-secrets', status: 'pass' });
  });

  it('setting off: setup warns in its preflight, deploys phase 1, then stops (exit 5) with both ways forward', async () => {
    await setSecretAccess(await connection(), false);
    const setup = await cmd('setup', ['--skip-auth', '--json']);
    expect(setup.exitCode, setup.out + setup.err).to.equal(5);
    const body = JSON.parse(setup.out) as { message: string; actions: string[] };
    expect(body.message).to.match(/did not return its consumer key and secret through the Metadata API/);
    expect(body.actions.join('\n')).to.include('Allow access to External Client App consumer secrets via Metadata API');
    expect(setup.err + setup.out).not.to.match(/Deploy 0Af\w+: Succeeded \(\d+\/\d+ components, RunSpecifiedTests/);
    const check = await checkClientAppSecrets(await connection());
    expect(check).to.include({ status: 'warn' });
    expect(check.hint).to.include('View External Client Apps Consumer Secrets in Metadata');
    const text = await cmd('setup', ['--skip-auth']);
    expect(text.out).to.match(/WARN {2}External client app consumer secrets via Metadata API: off/);
  });

  it('setting on again: setup reads the key and secret back (nothing pasted) and status reports the setting', async () => {
    await setSecretAccess(await connection(), true);
    const setup = await cmd('setup', ['--skip-auth', '--json']);
    expect(setup.exitCode, setup.out + setup.err).to.equal(0);
    const result = setup.result as { clientApp: { credentials: string }; checks: { id: string; status: string }[] };
    expect(result.clientApp.credentials).to.equal('org');
    expect(result.checks.find((c) => c.id === 'client-app-secrets')).to.include({ status: 'pass' });
    const status = await cmd('status', []);
    expect(status.exitCode, status.out + status.err).to.equal(0);
    expect(status.out).to.match(/PASS {2}External client app consumer secrets via Metadata API: on/);
  });
});
