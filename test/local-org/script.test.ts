/** The `npm run local-org` entry point: bad flags and bad seed files exit non-zero with a clear message. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/local-org.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000
  });

describe('npm run local-org (scripts/local-org.ts)', () => {
  it('rejects a bad port and an unknown flag with exit code 2', () => {
    const port = run('--port', 'abc');
    expect([port.status, port.stderr]).to.deep.equal([2, 'local-org: --port must be 0..65535, got abc\n']);
    const unknown = run('--bogus');
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.contain("Unknown option '--bogus'").and.contain('--help');
  });

  it('rejects an unknown --org-type and --currency with exit code 2', () => {
    const orgType = run('--org-type', 'prod');
    expect([orgType.status, orgType.stderr]).to.deep.equal([
      2,
      "local-org: --org-type must be one of production, sandbox, scratch, developer, got 'prod'\n"
    ]);
    const currency = run('--currency', 'dual');
    expect([currency.status, currency.stderr]).to.deep.equal([
      2,
      "local-org: --currency must be one of single, multi, acm, got 'dual'\n"
    ]);
  });

  it('reports an unreadable seed file and exits 1', () => {
    const r = run('--port', '0', '--seed', join(root, 'test/fixtures/local-org/no-such-seed.json'));
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('cannot read seed file').and.contain('no-such-seed.json').and.contain('SeedSpec');
  });
});
