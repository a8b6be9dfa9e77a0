/**
 * The embedded default: the local org in-process, registered with an isolated @salesforce/core home, and
 * the toolchain's commands run against it over HTTP (src/toolchain; nothing reaches into the org).
 * Shared by `npm start` and `npm run demo:original`. Import this module before anything that loads
 * @salesforce/core: it points HOME at a private folder first, so the developer's ~/.sf is never touched.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// src/local-org/index.ts loads no @salesforce/core at import (registerWithCli loads it lazily), so isolateHome still runs first.
import { ORG_TYPES, type OrgType } from '../../src/local-org/index.js';

export const PROJECT_DIR = resolve(import.meta.dirname, '..', '..');

/** The local org's on-disk Apex parse cache folder (scripts/lib/apex-parse-cache.ts). */
export { APEX_PARSE_CACHE_DIR } from './apex-parse-cache.js';

/** Points HOME and XDG folders at `<dataDir>/.sf-home` (kept with the org) or a temp folder. */
export function isolateHome(dataDir: string | undefined): string {
  const home = dataDir ? join(resolve(dataDir), '.sf-home') : mkdtempSync(join(tmpdir(), 'dated-rates-home-'));
  mkdirSync(home, { recursive: true });
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.env.XDG_DATA_HOME = join(home, '.local', 'share');
  process.env.XDG_CACHE_HOME = join(home, '.cache');
  process.env.SF_DISABLE_TELEMETRY = 'true';
  process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  return home;
}

/**
 * Local values for the deploy-time replacements; values already set win. No consumer key or secret:
 * as against a real org, setup deploys the external client app first and reads the key and secret
 * the org generated back through the Metadata API (a placeholder secret is never deployed).
 */
export function localReplacementEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    DATED_RATES_CONTACT_EMAIL: process.env.DATED_RATES_CONTACT_EMAIL ?? 'admin@local-org.invalid'
  };
}

export interface FlagValues {
  dataDir?: string;
  port: number;
  /** Rate sources for the run (`--source ecb`, `--source oxr`): answered offline from generated provider fixtures. */
  source?: string;
  /** --org-type: the local org's type (production enforces test levels and coverage on deploy). */
  orgType?: OrgType;
  /** Keep the org serving after the run (until Ctrl-C), so the console can be used. */
  serve: boolean;
  /** Open the console in the browser (implies serve). */
  open: boolean;
}

export class StartUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartUsageError';
  }
}

export function parseStartFlags(argv: string[]): FlagValues {
  const out: FlagValues = { port: 0, serve: false, open: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new StartUsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--data-dir') out.dataDir = value();
    else if (a === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new StartUsageError('--port must be 0-65535');
      out.port = p;
    } else if (a === '--source') {
      const v = value();
      const known = ['ECB', 'OXR', 'RollForward'];
      const names = v.split(',').map((s) => known.find((k) => k.toLowerCase() === s.trim().toLowerCase()));
      if (names.some((n) => n === undefined))
        throw new StartUsageError(
          `--source must list ${known.join(', ')} (offline fixtures exist for the ECB and Open Exchange Rates), got "${v}"`
        );
      out.source = [...new Set(names)].join(',');
    } else if (a === '--org-type') {
      const t = value();
      if (!(ORG_TYPES as readonly string[]).includes(t))
        throw new StartUsageError(`--org-type must be one of ${ORG_TYPES.join(', ')}`);
      out.orgType = t as OrgType;
    } else if (a === '--serve') out.serve = true;
    else if (a === '--open') out.open = out.serve = true;
    else
      throw new StartUsageError(
        `unknown flag ${a} (flags: --data-dir <dir>, --port <n>, --source ecb|oxr, --org-type ${ORG_TYPES.join('|')}, --serve, --open)`
      );
  }
  return out;
}

/** Acts as the admin's browser on the principal's authentication URL: follows the redirects, expects the success page. */
export async function openAuthenticationUrl(url: string): Promise<void> {
  const page = await fetch(url);
  const text = await page.text();
  if (page.status !== 200 || !text.includes('is authenticated'))
    throw new Error(`authenticating the named principal failed (HTTP ${page.status}): ${text.slice(0, 300)}`);
}

/** The command that opens a URL in the desktop's browser, or null when the platform has none we know. */
export function browserOpener(
  platform: NodeJS.Platform = process.platform
): { command: string; args: string[] } | null {
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd')
    return { command: 'xdg-open', args: [] };
  return null;
}

/** Opens the URL in the desktop's browser; resolves false (and says why) when that is not possible. */
export async function openInBrowser(url: string): Promise<boolean> {
  const { spawn } = await import('node:child_process');
  const opener = browserOpener();
  if (!opener) {
    console.log(`No browser opener for ${process.platform}: open the URL above yourself.`);
    return false;
  }
  return new Promise((resolve) => {
    const child = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
    child.once('error', (e) => {
      console.log(`Could not open a browser (${opener.command}: ${e.message}): open the URL above yourself.`);
      resolve(false);
    });
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
