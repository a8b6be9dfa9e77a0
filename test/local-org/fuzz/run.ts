/**
 * Runs the fuzz against an in-process local org and returns what it saw: requests and statuses by
 * class, 5xx answers that are not SOAP faults, answers not in the platform's shape, hangs, internal
 * errors, and heap/RSS at start, peak and idle. Run directly for a report:
 *   FUZZ_SEED=1 FUZZ_REQUESTS=50000 bash scripts/dev.sh npx tsx test/local-org/fuzz/run.ts
 */
import JSZip from 'jszip';
import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startLocalOrg } from '../../../src/local-org/index.js';
import { generate, prng, type FuzzRequest, type FuzzTarget } from './generate.js';

export interface FuzzSummary {
  seed: number;
  requests: number;
  byKind: Record<string, Record<string, number>>;
  /** Milliseconds spent waiting for answers, by class (summed over the concurrent workers). */
  msByKind: Record<string, number>;
  serverErrorsNotSoapFault: number;
  badShapes: number;
  hangs: number;
  internalErrors: number;
  problems: string[];
  memoryMb: { heapStart: number; heapIdle: number; rssStart: number; rssPeak: number; rssIdle: number };
  seconds: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

async function zips(): Promise<Buffer[]> {
  const md = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  const pkg = `<?xml version="1.0"?><Package ${md}><types><members>*</members><name>ApexClass</name></types><types><members>*</members><name>CustomObject</name></types><version>65.0</version></Package>`;
  const make = async (files: Record<string, string | Buffer>) => {
    const z = new JSZip();
    for (const [p, d] of Object.entries(files)) z.file(p, d);
    return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  };
  const meta = `<ApexClass ${md}><apiVersion>65.0</apiVersion></ApexClass>`;
  return [
    await make({
      'package.xml': pkg,
      'classes/Fz.cls': 'public class Fz { public Integer n() { return 1; } }',
      'classes/Fz.cls-meta.xml': meta
    }),
    await make({ 'package.xml': pkg, 'classes/Fz.cls': 'public class Fz {', 'classes/Fz.cls-meta.xml': meta }),
    await make({
      'package.xml': pkg,
      'objects/Fz__c.object': `<CustomObject ${md}><label>F</label><pluralLabel>F</pluralLabel><fields><fullName>T__c</fullName><label>T</label><type>Text</type><length>99999999999</length></fields></CustomObject>`
    }),
    await make({ 'readme.txt': 'no package' }),
    await make({ 'package.xml': pkg, 'classes/Nul.cls': '\u0000'.repeat(256 * 1024) }),
    await make({ 'package.xml': pkg, 'staticresources/Z.resource': Buffer.alloc(8 * 1024 * 1024) }),
    await make({ 'package.xml': pkg, '../escape.cls': 'x' })
  ];
}

function send(
  agent: Agent,
  base: URL,
  r: FuzzRequest,
  timeoutMs: number
): Promise<{ status: number; type: string; text: string } | 'hang'> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['Content-Length'] = r.body.length;
    const req = request(
      { host: base.hostname, port: base.port, method: r.method, path: r.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8')
          });
        });
        res.on('error', () => undefined);
      }
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve('hang');
    }, timeoutMs);
    // A connection closed by the server after refusing a body is an answer already received, or a drop.
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ status: 0, type: '', text: '' });
    });
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/** The reason an answer is not in the platform's shape, or undefined. */
export function shapeProblem(r: FuzzRequest, status: number, text: string): string | undefined {
  const soap = r.path.startsWith('/services/Soap/');
  if (status === 0) return r.kind === 'huge' || r.kind === 'control-untrusted' ? undefined : 'connection dropped';
  if (status < 200 || status > 599) return `status ${status}`;
  if (/unexpected error occurred/i.test(text)) return 'internal error answer';
  if (status >= 500 && !(soap && text.includes('<soapenv:Fault>'))) return `${status} that is not a SOAP fault`;
  if (status < 400 || r.method === 'HEAD') return undefined;
  if (soap)
    return text.includes('<soapenv:Fault>') && text.includes('<faultcode>') ? undefined : 'SOAP error without a fault';
  // The OAuth callback of a Named Credential answers an HTML page, as in an org.
  if (r.path.startsWith('/services/authcallback/') && text.startsWith('<!doctype html')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `non-JSON ${status} error`;
  }
  if (Array.isArray(body) && typeof body[0]?.errorCode === 'string' && typeof body[0]?.message === 'string')
    return undefined;
  // sObject Tree answers its own shape; CometD answers Bayeux messages.
  if (r.path.includes('/composite/tree/') && (body as { hasErrors?: unknown })?.hasErrors === true) return undefined;
  if (r.path.startsWith('/cometd/') && Array.isArray(body) && typeof body[0]?.channel === 'string') return undefined;
  if (r.path.startsWith('/services/oauth2/') && typeof (body as { error?: unknown })?.error === 'string')
    return undefined;
  return `error body not in the platform's shape: ${text.slice(0, 120)}`;
}

export async function runFuzz(opts: {
  seed: number;
  requests: number;
  concurrency?: number;
  timeoutMs?: number;
  /** Stop issuing requests after this many seconds (measurement runs against a slow build). */
  deadlineSeconds?: number;
}): Promise<FuzzSummary> {
  const started = Date.now();
  const internal: unknown[] = [];
  const org = await startLocalOrg({
    maxBodyBytes: 256 * 1024,
    accessTokenTtlSeconds: 10 * 365 * 86400,
    onInternalError: (e) => internal.push(e)
  });
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency ?? 8 });
  const base = new URL(org.instanceUrl);
  const target: FuzzTarget = {
    token: org.accessToken,
    secret: (org as { controlSecret?: string }).controlSecret ?? '',
    host: base.host,
    zips: await zips()
  };
  const summary: FuzzSummary = {
    seed: opts.seed,
    requests: 0,
    byKind: {},
    msByKind: {},
    serverErrorsNotSoapFault: 0,
    badShapes: 0,
    hangs: 0,
    internalErrors: 0,
    problems: [],
    memoryMb: { heapStart: 0, heapIdle: 0, rssStart: 0, rssPeak: 0, rssIdle: 0 },
    seconds: 0
  };
  gc();
  summary.memoryMb.heapStart = mb(process.memoryUsage().heapUsed);
  summary.memoryMb.rssStart = mb(process.memoryUsage().rss);
  const rnd = prng(opts.seed);
  const queue: FuzzRequest[] = [];
  let issued = 0;
  const next = (): FuzzRequest | undefined => {
    if (queue.length) return queue.shift();
    if (issued >= opts.requests) return undefined;
    if (opts.deadlineSeconds !== undefined && Date.now() - started > opts.deadlineSeconds * 1000) return undefined;
    issued++;
    return generate(rnd, target);
  };
  const worker = async () => {
    for (let r = next(); r; r = next()) {
      const t0 = performance.now();
      const answer = await send(agent, base, r, opts.timeoutMs ?? 20_000);
      summary.msByKind[r.kind] = Math.round((summary.msByKind[r.kind] ?? 0) + performance.now() - t0);
      summary.requests++;
      const counts = (summary.byKind[r.kind] ??= {});
      const status = answer === 'hang' ? 'hang' : String(answer.status);
      counts[status] = (counts[status] ?? 0) + 1;
      let problem: string | undefined;
      if (answer === 'hang') {
        summary.hangs++;
        problem = 'no answer';
      } else {
        problem = shapeProblem(r, answer.status, answer.text);
        if (answer.status >= 500 && problem?.includes('not a SOAP fault')) summary.serverErrorsNotSoapFault++;
        else if (problem) summary.badShapes++;
      }
      if (problem && summary.problems.length < 20)
        summary.problems.push(`${r.kind} ${r.method} ${r.path.slice(0, 100)}: ${problem}`);
      if (summary.requests % 250 === 0)
        summary.memoryMb.rssPeak = Math.max(summary.memoryMb.rssPeak, mb(process.memoryUsage().rss));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  agent.destroy();
  await new Promise((r) => setTimeout(r, 100));
  gc();
  summary.memoryMb.heapIdle = mb(process.memoryUsage().heapUsed);
  summary.memoryMb.rssIdle = mb(process.memoryUsage().rss);
  summary.memoryMb.rssPeak = Math.max(summary.memoryMb.rssPeak, summary.memoryMb.rssIdle);
  summary.internalErrors = internal.length;
  for (const e of internal.slice(0, 5))
    summary.problems.push(`internal: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
  await org.stop();
  summary.seconds = Math.round((Date.now() - started) / 100) / 10;
  return summary;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = Number(process.env.FUZZ_SEED ?? 20261203);
  const requests = Number(process.env.FUZZ_REQUESTS ?? 10_000);
  console.log(`fuzz: seed ${seed}, ${requests} requests`);
  const deadline = process.env.FUZZ_DEADLINE_S === undefined ? undefined : Number(process.env.FUZZ_DEADLINE_S);
  runFuzz({ seed, requests, deadlineSeconds: deadline }).then(
    (s) => console.log(JSON.stringify(s, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    }
  );
}
