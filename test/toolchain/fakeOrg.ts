/**
 * A fake org for toolchain unit tests, built on @salesforce/core's TestContext the way
 * Salesforce's CLI plugins test: TestContext stubs auth files, config and Connection.request;
 * `fakeConnectionRequest` answers REST queries, describes, creates and the SOAP
 * executeAnonymous call apex-node makes. Nothing reaches the network or ~/.sf.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockTestOrgData, TestContext } from '@salesforce/core/testSetup';
import { runCommand, type Clock, type RunOutcome } from '../../src/toolchain/index.js';
import JSZip from 'jszip';
import { MetadataApi } from '@jsforce/jsforce-node/lib/api/metadata.js';
import type { ClientCredentials } from '../../src/toolchain/clientCredentials.js';
import type { CommandName } from '../../src/toolchain/commands/specs.js';

/** What TestContext hands to fakeConnectionRequest (jsforce's JSON type). */
type AnyJson = Awaited<ReturnType<TestContext['fakeConnectionRequest']>>;

export type Request = { method: string; url: string; body?: string };
export type Records = Array<Record<string, unknown>>;
export type ApexReply = {
  compiled?: boolean;
  success?: boolean;
  logs?: string;
  compileProblem?: string;
  exceptionMessage?: string;
  line?: number;
  column?: number;
};

export type Handlers = {
  /** Answers a SOQL query with records, or throws to simulate an API error. */
  query?: (soql: string) => Records;
  /** Answers anonymous Apex. */
  apex?: (code: string) => ApexReply;
  /** Anything else (describe, create, Connect REST). Return undefined for "not handled". */
  other?: (request: Request) => AnyJson | undefined;
};

/** An error shaped like jsforce's HTTP API errors. */
export function apiError(errorCode: string, message: string): Error {
  const error = new Error(`${errorCode}: ${message}`) as Error & { errorCode: string };
  error.name = errorCode;
  error.errorCode = errorCode;
  return error;
}

/** A debug log line as System.debug writes it. */
export function debugLine(text: string): string {
  return `12:00:00.1 (1)|USER_DEBUG|[4]|DEBUG|${text}`;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function soapReply(reply: ApexReply): AnyJson {
  const success = reply.success ?? true;
  return {
    'soapenv:Envelope': {
      'soapenv:Header': { DebuggingInfo: { debugLog: reply.logs ?? '' } },
      'soapenv:Body': {
        executeAnonymousResponse: {
          result: {
            column: reply.column ?? -1,
            line: reply.line ?? -1,
            compiled: String(reply.compiled ?? true),
            compileProblem: reply.compileProblem ?? { $: { 'xsi:nil': 'true' } },
            exceptionMessage: reply.exceptionMessage ?? { $: { 'xsi:nil': 'true' } },
            exceptionStackTrace: { $: { 'xsi:nil': 'true' } },
            success: String(success)
          }
        }
      }
    }
  };
}

export class FakeOrg {
  public readonly $$: TestContext;
  public readonly org = new MockTestOrgData();
  public readonly requests: Request[] = [];
  public readonly soql: string[] = [];
  public readonly apexCalls: string[] = [];
  public handlers: Handlers = {};
  /** The Organization row the org-type detection reads (orgType.ts); a Developer Edition by default. */
  public organization: Record<string, unknown> = {
    IsSandbox: false,
    OrganizationType: 'Developer Edition',
    TrialExpirationDate: null
  };

  /** What a Metadata API retrieve of the app's global OAuth settings returns (nothing by default). */
  public clientCredentials: ClientCredentials | undefined;
  /** How many such retrieves were made. */
  public credentialRetrieves = 0;

  public constructor($$: TestContext) {
    this.$$ = $$;
  }

  /** Registers the org as authorized and the default target-org, and routes requests. */
  public async init(options: { defaultOrg?: boolean } = {}): Promise<void> {
    await this.$$.stubAuths(this.org);
    if (options.defaultOrg !== false) await this.$$.stubConfig({ 'target-org': this.org.username });
    this.$$.fakeConnectionRequest = (request: AnyJson): Promise<AnyJson> => this.handle(request);
    // the Metadata API retrieve goes through jsforce's SOAP client, not Connection.request: answered
    // here with a zip like an org's (the global OAuth settings file, when the org hands it out)
    this.$$.SANDBOX.stub(MetadataApi.prototype, 'retrieve').callsFake((async () => {
      this.credentialRetrieves++;
      return { id: '09S5g0000000001AAA', done: false, state: 'Queued' };
    }) as never);
    this.$$.SANDBOX.stub(MetadataApi.prototype, 'checkRetrieveStatus').callsFake((async () => {
      const creds = this.clientCredentials;
      const zip = new JSZip();
      zip.file('unpackaged/package.xml', '<Package/>');
      if (creds)
        zip.file(
          'unpackaged/extlClntAppGlobalOauthSets/DatedRatesOrgClient_glbloauth.ecaGlblOauth',
          `<ExtlClntAppGlobalOauthSettings><consumerKey>${creds.consumerKey}</consumerKey><consumerSecret>${creds.consumerSecret}</consumerSecret></ExtlClntAppGlobalOauthSettings>`
        );
      return {
        done: true,
        success: true,
        zipFile: (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64')
      };
    }) as never);
  }

  private async handle(raw: AnyJson): Promise<AnyJson> {
    const r = (typeof raw === 'string' ? { method: 'GET', url: raw } : raw) as {
      method?: string;
      url: string;
      body?: string;
    };
    const request: Request = { method: (r.method ?? 'GET').toUpperCase(), url: r.url, body: r.body };
    this.requests.push(request);
    if (request.url.includes('/services/Soap/s/')) {
      const code = unescapeXml(/<apexcode>([\s\S]*)<\/apexcode>/.exec(request.body ?? '')?.[1] ?? '');
      this.apexCalls.push(code);
      if (!this.handlers.apex) throw new Error(`unexpected anonymous Apex: ${code}`);
      return soapReply(this.handlers.apex(code));
    }
    const q = /\/query\/?\?q=([^&]*)/.exec(request.url);
    if (q) {
      const soql = decodeURIComponent(q[1].replace(/\+/g, ' '));
      this.soql.push(soql);
      if (soql.startsWith('SELECT IsSandbox, OrganizationType, TrialExpirationDate FROM Organization'))
        return { totalSize: 1, done: true, records: [this.organization] } as AnyJson;
      if (!this.handlers.query) throw new Error(`unexpected query: ${soql}`);
      const records = this.handlers.query(soql);
      return { totalSize: records.length, done: true, records } as AnyJson;
    }
    const answer = this.handlers.other?.(request);
    if (answer === undefined) throw new Error(`unexpected request: ${request.method} ${request.url}`);
    return answer;
  }
}

/** Captures what a command writes. */
export class Capture {
  public text = '';
  public isTTY: boolean;
  public constructor(isTTY = false) {
    this.isTTY = isTTY;
  }
  public write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A clock whose sleep advances time instantly. */
export function fakeClock(start = Date.UTC(2026, 10, 28, 12, 0, 0)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    }
  };
}

export type Ran = RunOutcome & { stdout: string; stderr: string; json: () => Record<string, unknown> };

/** Runs a command in-process with captured streams, a fake clock and a project directory. */
export async function run(
  name: CommandName,
  argv: string[],
  options: { projectDir?: string; env?: Record<string, string | undefined>; tty?: boolean; clock?: Clock } = {}
): Promise<Ran> {
  const stdout = new Capture(options.tty ?? false);
  const stderr = new Capture(options.tty ?? false);
  const outcome = await runCommand(name, argv, {
    stdout,
    stderr,
    env: options.env ?? {},
    projectDir: options.projectDir ?? makeProject(),
    clock: options.clock ?? fakeClock()
  });
  return {
    ...outcome,
    stdout: stdout.text,
    stderr: stderr.text,
    json: () => JSON.parse(stdout.text) as Record<string, unknown>
  };
}

/** A throw-away project: sfdx-project.json (with `replacements`) and a few classes. */
export function makeProject(options: { replacements?: unknown[]; classes?: string[] } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dated-rates-toolchain-'));
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }],
      sourceApiVersion: '65.0',
      replacements: options.replacements ?? []
    })
  );
  const classes = join(dir, 'force-app', 'main', 'default', 'classes');
  mkdirSync(classes, { recursive: true });
  for (const name of options.classes ?? [
    'CreateDatedConversionRate',
    'CreateDatedConversionRate_Tests',
    'DatedRateScheduler_Tests'
  ]) {
    writeFileSync(join(classes, `${name}.cls`), `public class ${name} {}\n`);
    writeFileSync(
      join(classes, `${name}.cls-meta.xml`),
      '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n  <apiVersion>65.0</apiVersion>\n  <status>Active</status>\n</ApexClass>\n'
    );
  }
  return dir;
}

export { TestContext, MockTestOrgData };
