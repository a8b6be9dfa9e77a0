/**
 * A local org with this project deployed through the toolchain (as `npm start` does): setup with the
 * permission set, the named principal authenticated by its browser flow, one run of the job. For the
 * console's browser test.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { registerWithCli } from '../../src/local-org/login.js';
import { runCommand } from '../../src/toolchain/cli.js';
import type { CommandName } from '../../src/toolchain/commands/specs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface ConsoleOrg {
  readonly org: LocalOrg;
  /** The frontdoor URL that logs a browser in and opens the tab. */
  loginUrl(tabName: string): string;
  stop(): Promise<void>;
}

export async function startConsoleOrg(alias = 'console'): Promise<ConsoleOrg> {
  const org = await startLocalOrg();
  const projectDir = mkdtempSync(join(tmpdir(), 'dated-rates-console-'));
  try {
    // Tomorrow: every seeded currency's latest rate is then at least a day old, so the run rolls each forward.
    const moved = await fetch(`${org.instanceUrl}/__local/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Local-Org-Secret': org.controlSecret },
      body: JSON.stringify({ advanceDays: 1 })
    });
    if (moved.status !== 200) throw new Error(`moving the clock failed: HTTP ${moved.status}`);
    for (const f of ['force-app', 'sfdx-project.json', '.forceignore'])
      cpSync(join(ROOT, f), join(projectDir, f), { recursive: true });
    await registerWithCli(org, alias);
    const env = {
      ...process.env,
      CI: 'true',
      DATED_RATES_CONSUMER_KEY: 'local-org-consumer-key',
      DATED_RATES_CONSUMER_SECRET: 'local-org-consumer-secret',
      DATED_RATES_CONTACT_EMAIL: 'admin@local-org.invalid'
    };
    const cmd = async (name: CommandName, args: string[]) => {
      const stdout = new Capture();
      const stderr = new Capture();
      const r = await runCommand(name, ['-o', alias, ...args], { env, projectDir, stdout, stderr });
      if (r.exitCode !== 0) throw new Error(`${name} failed (${r.exitCode}): ${stdout.text}${stderr.text}`);
      return r;
    };
    const setup = await cmd('setup', ['--test-level', 'NoTestRun', '--skip-auth']);
    const principal = (setup.result as { principal?: { authenticated: boolean; url?: string } }).principal;
    if (principal && !principal.authenticated && principal.url) {
      const page = await fetch(principal.url);
      const text = await page.text();
      if (page.status !== 200 || !text.includes('is authenticated'))
        throw new Error(`authenticating the named principal failed (HTTP ${page.status}): ${text.slice(0, 300)}`);
    }
    await cmd('run', []);
  } catch (e) {
    await org.stop();
    rmSync(projectDir, { recursive: true, force: true });
    throw e;
  }
  return {
    org,
    loginUrl: (tabName) =>
      `${org.instanceUrl}/secur/frontdoor.jsp?sid=${encodeURIComponent(org.issueAccessToken())}&retURL=${encodeURIComponent(`/lightning/n/${tabName}`)}`,
    stop: async () => {
      await org.stop();
      rmSync(projectDir, { recursive: true, force: true });
    }
  };
}
