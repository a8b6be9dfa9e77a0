/** `npm start` flag handling (the full run is measured in docs/apex-async.md). */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { browserOpener, parseStartFlags, StartUsageError } from '../../scripts/lib/embedded.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('npm start flags', () => {
  it('parses --data-dir, --port, --serve and --open (which implies --serve)', () => {
    expect(parseStartFlags(['--data-dir', 'x', '--port', '8765'])).to.deep.equal({
      dataDir: 'x',
      port: 8765,
      serve: false,
      open: false
    });
    expect(parseStartFlags([])).to.deep.equal({ port: 0, serve: false, open: false });
    expect(parseStartFlags(['--serve'])).to.deep.equal({ port: 0, serve: true, open: false });
    expect(parseStartFlags(['--open'])).to.deep.equal({ port: 0, serve: true, open: true });
  });

  it('knows how each desktop opens a URL', () => {
    expect(browserOpener('linux')).to.deep.equal({ command: 'xdg-open', args: [] });
    expect(browserOpener('darwin')).to.deep.equal({ command: 'open', args: [] });
    expect(browserOpener('aix')).to.equal(null);
  });

  it('rejects unknown flags, missing values and bad ports', () => {
    expect(() => parseStartFlags(['--bogus'])).to.throw(StartUsageError, 'unknown flag --bogus');
    expect(() => parseStartFlags(['--data-dir'])).to.throw(StartUsageError, '--data-dir needs a value');
    expect(() => parseStartFlags(['--port', '70000'])).to.throw(StartUsageError, '--port must be 0-65535');
  });

  it('exits 2 with the message on stderr before starting anything', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--bogus'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 60_000
    });
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.include('Error: unknown flag --bogus');
  });
});
