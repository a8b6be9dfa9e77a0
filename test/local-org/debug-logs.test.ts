/**
 * Debug logs (issue 15, point 7): ApexLog rows with bodies for every Apex transaction of a user an active
 * TraceFlag traces; the /ApexLog/<id>/Body resource; `sf apex list log`, `sf apex get log` and
 * `sf apex tail log` (which creates the trace flag itself and listens on /systemTopic/Logging) through
 * the real sf CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Connection } from '@salesforce/core';
import { expect } from 'chai';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { runSoql } from '../../src/local-org/store/index.js';
import { call, connectTo } from './helpers.js';
import { IsolatedSf, SF_BIN } from './sf-cli.js';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('debug logs: ApexLog, TraceFlag/DebugLevel, sf apex list/get/tail log', function () {
  this.timeout(240_000);
  let org: LocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startLocalOrg();
    conn = await connectTo(org);
  });
  after(() => org.stop());

  const logs = () =>
    runSoql(org.store, 'SELECT Id, Operation, Status, LogLength, Request, Location FROM ApexLog').records;

  async function traceMe(start: Date, end: Date): Promise<string> {
    const level = await conn.tooling.create('DebugLevel', {
      DeveloperName: `Level${Date.now()}`,
      MasterLabel: 'Level',
      ApexCode: 'FINEST',
      Visualforce: 'FINER'
    });
    const flag = await conn.tooling.create('TraceFlag', {
      TracedEntityId: org.userId,
      LogType: 'DEVELOPER_LOG',
      DebugLevelId: (level as { id: string }).id,
      StartDate: start.getTime(), // apex-node sends epoch milliseconds here
      ExpirationDate: end.toUTCString() // …and an RFC 1123 date here
    });
    return (flag as { id: string }).id;
  }

  it('writes no ApexLog while no trace flag traces the user', async () => {
    const r = await conn.tooling.executeAnonymous("System.debug('untraced');");
    expect(r.success).to.equal(true);
    expect(logs()).to.deep.equal([]);
  });

  it('writes an ApexLog with its body for each transaction while a trace flag applies', async () => {
    const now = org.store.clock.now();
    const flagId = await traceMe(new Date(now.getTime() - 1000), new Date(now.getTime() + 30 * 60_000));
    const ok = await conn.tooling.executeAnonymous("System.debug('traced-marker');");
    expect(ok.success).to.equal(true);
    const failed = await conn.tooling.executeAnonymous("throw new IllegalArgumentException('boom');");
    expect(failed.success).to.equal(false);
    const rows = logs();
    expect(rows.map((r) => [r.Operation, r.Request, r.Location])).to.deep.equal([
      ['APEXSOAP', 'API', 'Monitoring'],
      ['APEXSOAP', 'API', 'Monitoring']
    ]);
    expect(rows.map((r) => r.Status)).to.deep.equal(['Success', 'System.IllegalArgumentException: boom']);
    const body = await call(org, 'GET', `/services/data/v65.0/tooling/sobjects/ApexLog/${String(rows[0].Id)}/Body`);
    expect(body.status).to.equal(200);
    expect(body.headers.get('content-type')).to.match(/^text\/plain/);
    expect(body.text).to.match(/\|USER_DEBUG\|\[1\]\|DEBUG\|traced-marker/);
    expect(rows[0].LogLength).to.equal(Buffer.byteLength(body.text));
    const plain = await call(org, 'GET', `/services/data/v65.0/sobjects/ApexLog/${String(rows[1].Id)}/Body`);
    expect(plain.text).to.contain('FATAL_ERROR|System.IllegalArgumentException: boom');
    const missing = await call(org, 'GET', `/services/data/v65.0/sobjects/ApexLog/07L5g0000009999AAA/Body`);
    expect(missing.status).to.equal(404);
    await conn.tooling.update('TraceFlag', { Id: flagId, ExpirationDate: new Date(now.getTime() - 1).toISOString() });
  });

  it('stops logging once the trace flag has expired (org clock)', async () => {
    const before = logs().length;
    await conn.tooling.executeAnonymous("System.debug('after expiry');");
    expect(logs().length).to.equal(before);
  });

  it('logs asynchronous Apex transactions of the traced user', async () => {
    const now = org.store.clock.now();
    await traceMe(new Date(now.getTime() - 1000), new Date(now.getTime() + 30 * 60_000));
    const before = logs().length;
    const r = await conn.tooling.executeAnonymous(
      "System.enqueueJob(new Job()); public class Job implements Queueable { public void execute(QueueableContext c) { System.debug('in-queueable'); } }"
    );
    expect(r.success, String(r.exceptionMessage ?? r.compileProblem)).to.equal(true);
    const queued = await until('the queueable log', () => logs().find((l) => l.Operation === 'Queueable'));
    expect(logs().length).to.equal(before + 2);
    const body = await call(org, 'GET', `/services/data/v65.0/sobjects/ApexLog/${String(queued.Id)}/Body`);
    expect(body.text).to.contain('|USER_DEBUG|[1]|DEBUG|in-queueable');
  });

  describe('through the real sf CLI', () => {
    let sf: IsolatedSf;
    let tail: ChildProcess | undefined;
    before(async () => {
      sf = new IsolatedSf();
      const login = await sf.login(org.instanceUrl, org.accessToken);
      expect(login.code, login.stdout + login.stderr).to.equal(0);
    });
    after(() => {
      tail?.kill('SIGKILL');
      sf.dispose();
    });

    it('streams new logs with sf apex tail log (trace flag created by the CLI)', async () => {
      let out = '';
      tail = spawn(SF_BIN, ['apex', 'tail', 'log', '-o', 'lo'], { env: sf.env(), cwd: sf.home, stdio: 'pipe' });
      tail.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      tail.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      await until('the tail subscription', () =>
        org.streamingSubscribers('/systemTopic/Logging') > 0 ? true : undefined
      );
      const r = await conn.tooling.executeAnonymous("System.debug('tail-marker');");
      expect(r.success).to.equal(true);
      await until('the tailed log', () => (out.includes('tail-marker') ? true : undefined));
      expect(out).to.match(/USER_DEBUG\|\[1\]\|DEBUG\|tail-marker/);
      tail.kill('SIGINT');
    });

    it('lists logs with sf apex list log and prints one with sf apex get log', async () => {
      const list = await sf.run(['apex', 'list', 'log', '-o', 'lo', '--json']);
      expect(list.code, list.stdout + list.stderr).to.equal(0);
      const rows = list.json?.result as unknown as {
        Id: string;
        Operation: string;
        Status: string;
        LogUser: { Name: string };
      }[];
      expect(rows.length).to.equal(logs().length);
      const failed = rows.find((r) => r.Status.includes('boom'))!;
      expect(failed.LogUser.Name).to.be.a('string').and.not.equal('');
      const get = await sf.run(['apex', 'get', 'log', '-o', 'lo', '-i', failed.Id, '--json']);
      expect(get.code, get.stdout + get.stderr).to.equal(0);
      expect(JSON.stringify(get.json?.result)).to.contain('FATAL_ERROR|System.IllegalArgumentException: boom');
      const latest = await sf.run(['apex', 'get', 'log', '-o', 'lo', '-n', '1', '--json']);
      expect(latest.code, latest.stdout + latest.stderr).to.equal(0);
      expect(JSON.stringify(latest.json?.result)).to.contain('tail-marker');
    });
  });
});
