/**
 * `npm test` runs mocha's files in parallel worker processes (scripts/test.ts): every test file is
 * found without a list, the slow ones start first, and no test file does what would make two files
 * collide when they run at the same time (a fixed port, a file written into the repository).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect } from 'chai';
import { mochaFiles, slowCalls } from '../../scripts/lib/test-files.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function allTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allTs(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  );
}

/** What a test file must not do to run beside others (CONTRIBUTING.md, "Tests run in parallel"). */
const UNSAFE: Array<[RegExp, string]> = [
  [/\.listen\(\s*[1-9]\d*/, 'listens on a fixed port (use port 0 and read the port back)'],
  [/startLocalOrg\(\{[^}]*\bport:\s*[1-9]/, 'starts the local org on a fixed port (leave the port out)'],
  [
    /\b(?:writeFileSync|appendFileSync|mkdirSync|writeFile|appendFile|mkdir)\(\s*(?:path\.)?(?:join|resolve)\(\s*(?:ROOT|root)\b/,
    'writes into the repository (write under a mkdtemp folder)'
  ]
];

describe('npm test: the mocha file list and parallel safety', () => {
  it('runs every test/**/*.test.ts, each once, the ones that start processes first', () => {
    const files = mochaFiles(ROOT);
    const expected = allTs(join(ROOT, 'test'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => relative(ROOT, f))
      .sort();
    expect([...files].sort()).to.deep.equal(expected);
    expect(new Set(files).size).to.equal(files.length);
    const weights = files.map((f) => slowCalls(readFileSync(join(ROOT, f), 'utf8')));
    expect(weights).to.deep.equal([...weights].sort((a, b) => b - a));
    expect(files[0], 'the sf CLI conformance file has the most process starts').to.equal('test/local-org/cli.test.ts');
  });

  it('counts the calls that start processes, not the words in comments', () => {
    expect(slowCalls("spawnSync(process.execPath, []); await sf.run(['org']); // spawn a process")).to.equal(2);
    expect(slowCalls('const respawn = 1; runFuzz({ seed: 1 }); chromium.launch({})')).to.equal(2);
  });

  it('has no spec in .mocharc.json, so `npx mocha one.test.ts` runs that file alone', () => {
    const rc = JSON.parse(readFileSync(join(ROOT, '.mocharc.json'), 'utf8')) as Record<string, unknown>;
    expect(rc).to.not.have.property('spec');
    expect(rc.require).to.deep.equal(['test/isolated-home.ts', 'test/file-timing.ts', 'test/apex-parse-cache.ts']);
  });

  it('finds no test code that would collide with another file running at the same time', () => {
    const self = resolve(import.meta.filename);
    const found = allTs(join(ROOT, 'test')).flatMap((file) => {
      if (file === self) return []; // its own examples below
      const text = readFileSync(file, 'utf8');
      return UNSAFE.filter(([re]) => re.test(text)).map(([, why]) => `${relative(ROOT, file)}: ${why}`);
    });
    expect(found).to.deep.equal([]);
  });

  it('would catch a fixed port and a write into the repository', () => {
    const caught = (text: string) => UNSAFE.filter(([re]) => re.test(text)).length;
    expect(caught('server.listen(8080)')).to.equal(1);
    expect(caught('await startLocalOrg({ port: 7000 })')).to.equal(1);
    expect(caught("writeFileSync(join(ROOT, 'out.json'), '{}')")).to.equal(1);
    expect(caught("server.listen(0); writeFileSync(join(dir, 'x'), '')")).to.equal(0);
  });
});
