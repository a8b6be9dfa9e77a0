/** Runs the real `sf` CLI (devDependency) in an isolated HOME, for conformance tests. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const SF_BIN = join(ROOT, 'node_modules/.bin/sf');

export interface SfResult {
  code: number;
  stdout: string;
  stderr: string;
  json:
    | { status: number; result?: Record<string, unknown>; name?: string; message?: string; [k: string]: unknown }
    | undefined;
}

export class IsolatedSf {
  readonly home = mkdtempSync(join(tmpdir(), 'local-org-sf-'));

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const h = this.home;
    return {
      PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
      HOME: h,
      XDG_CONFIG_HOME: join(h, '.config'),
      XDG_DATA_HOME: join(h, '.local/share'),
      XDG_CACHE_HOME: join(h, '.cache'),
      SF_DISABLE_TELEMETRY: 'true',
      // @oclif/plugin-update reads <BIN>_DISABLE_AUTOUPDATE: without it, the first command in a fresh
      // HOME spawns a detached `sf update --autoupdate` that keeps running beside the tests
      SF_DISABLE_AUTOUPDATE: 'true',
      SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_HIDE_RELEASE_NOTES: 'true',
      // no log file in the throwaway HOME: @salesforce/core then logs to memory instead of a pino worker
      // thread, whose flush at exit holds each command for a few tenths of a second
      SF_DISABLE_LOG_FILE: 'true',
      NODE_NO_WARNINGS: '1',
      // npm test's compile cache (scripts/test.ts): the CLI's thousands of modules compile once per run
      ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
      ...extra
    };
  }

  run(
    args: string[],
    opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}
  ): Promise<SfResult> {
    return runProcess(SF_BIN, args, this.env(opts.env), opts.cwd ?? this.home, opts.timeoutMs ?? 120_000);
  }

  /** `sf org login access-token` into the org at `instanceUrl` under `alias`, as the tests' CLI user. */
  login(instanceUrl: string, accessToken: string, alias = 'lo'): Promise<SfResult> {
    return this.run(
      ['org', 'login', 'access-token', '--instance-url', instanceUrl, '--no-prompt', '--alias', alias, '--json'],
      { env: { SF_ACCESS_TOKEN: accessToken } }
    );
  }

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

export function runProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number
): Promise<SfResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: SfResult['json'];
      try {
        json = JSON.parse(stdout) as SfResult['json'];
      } catch {
        json = undefined;
      }
      resolvePromise({ code: code ?? -1, stdout, stderr, json });
    });
  });
}
