/** A process killed in the middle of a write leaves the --data-dir org as it was before that write. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openOrgStore, runSoql } from '../../src/local-org/store/index.js';

describe('local org crash safety (--data-dir)', () => {
  it('keeps committed writes and none of a transaction cut short by SIGKILL', () => {
    const root = resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'local-org-crash-'));
    try {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'test/fixtures/local-org/crash-writer.ts'), dir],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000
        }
      );
      expect(child.signal, child.stderr).to.equal('SIGKILL');
      const committedId = child.stdout.trim();
      expect(committedId).to.match(/^04w/);
      const store = openOrgStore({ dataDir: dir });
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).to.equal('ok');
        expect(store.retrieve('DatedConversionRate', committedId).StartDate).to.equal('2050-01-01');
        expect(
          runSoql(store, 'SELECT COUNT() FROM DatedConversionRate WHERE StartDate >= 2060-01-01').totalSize
        ).to.equal(0);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
