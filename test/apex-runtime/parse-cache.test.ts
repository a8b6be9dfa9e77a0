/**
 * The on-disk parse cache (front-end/parse-cache.ts): a tree rebuilt from it is the tree the parser
 * builds, field for field, for every class of force-app; an unchanged source is not parsed again; a
 * changed source (another hash) is parsed and compiled afresh; an entry that does not fit is a miss.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApexRuntime, executeAnonymous } from '../../src/local-org/apex/index.js';
import {
  configureParseCache,
  forgetParsedSources,
  parseApex,
  parseCacheDir,
  parseCacheStats,
  parseCount
} from '../../src/local-org/apex/front-end/index.js';
import { decodeTree, encodeTree } from '../../src/local-org/apex/front-end/tree-codec.js';
import { fakeOrg } from './fake-data-layer.js';

const classesDir = join(import.meta.dirname, '..', '..', 'force-app', 'main', 'default', 'classes');

interface Node {
  constructor: unknown;
  children?: Node[] | null;
  parentCtx: Node | null;
  invokingState: number;
  start?: Tok | null;
  stop?: Tok | null;
  symbol?: Tok;
  getText(): string;
}
interface Tok {
  [k: string]: unknown;
}

const TOKEN_FIELDS = ['type', 'channel', 'start', 'stop', 'tokenIndex', 'line', 'column', 'text'];

/** The first difference between two trees (class, parent links, invoking states, tokens), or undefined. */
function firstDifference(a: Node, b: Node, parent: Node | null, where: string): string | undefined {
  if (b.constructor !== a.constructor) return `${where}: class`;
  if (b.parentCtx !== parent) return `${where}: parent link`;
  if (b.invokingState !== a.invokingState) return `${where}: invoking state`;
  for (const [name, x, y] of [
    ['symbol', a.symbol, b.symbol],
    ['start', a.start, b.start],
    ['stop', a.stop, b.stop]
  ] as const) {
    if (!x !== !y) return `${where}: ${name} presence`;
    if (x && y)
      for (const f of TOKEN_FIELDS)
        if (x[f] !== y[f]) return `${where}: ${name}.${f} ${String(x[f])} ≠ ${String(y[f])}`;
  }
  const ac = a.children ?? [];
  const bc = b.children ?? [];
  if (!a.children !== !b.children || ac.length !== bc.length) return `${where}: children`;
  for (let i = 0; i < ac.length; i++) {
    const d = firstDifference(ac[i], bc[i], b, `${where}/${i}`);
    if (d) return d;
  }
  return undefined;
}

describe('apex front end: the on-disk parse cache', () => {
  let dir: string;
  // npm test turns the cache on for its workers (test/apex-parse-cache.ts): off here, and the in-memory
  // trees of earlier files (which may have come from that cache) forgotten, so that each test parses with
  // ANTLR unless it configures its own folder; back on for the files after this one
  let before: string | undefined;
  beforeEach(() => {
    before = parseCacheDir();
    configureParseCache(undefined);
    forgetParsedSources();
    dir = mkdtempSync(join(tmpdir(), 'apex-parse-cache-'));
  });
  afterEach(() => {
    configureParseCache(before);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds every force-app class as the parser built it', () => {
    const files = readdirSync(classesDir).filter((f) => f.endsWith('.cls'));
    expect(files.length).to.be.greaterThan(20);
    for (const f of files) {
      const source = readFileSync(join(classesDir, f), 'utf8');
      const parsed = parseApex(source, 'class');
      expect(parsed.problems, f).to.deep.equal([]);
      const encoded = encodeTree(parsed.tree, source);
      expect(encoded, f).to.not.equal(undefined);
      const rebuilt = decodeTree(JSON.parse(JSON.stringify(encoded)) as typeof encoded & object, source) as Node;
      expect(firstDifference(parsed.tree as unknown as Node, rebuilt, null, f)).to.equal(undefined);
      expect(rebuilt.getText()).to.equal((parsed.tree as unknown as Node).getText());
    }
  });

  it('serves an unchanged source from disk and parses a changed one again', () => {
    configureParseCache(dir);
    const stamp = Date.now();
    const v1 = `public class Cached${stamp} { public static Integer one() { return 1; } }`;
    const before = parseCount();
    expect(parseApex(v1, 'class').problems).to.deep.equal([]);
    expect(parseCount() - before).to.equal(1);
    expect(readdirSync(dir)).to.have.length(1);

    // a new process: nothing in memory, the tree comes from disk, and the class compiles and runs
    forgetParsedSources();
    const hits = parseCacheStats().hits;
    const runtime = new ApexRuntime(fakeOrg());
    expect(runtime.compile([{ name: `Cached${stamp}`, body: v1 }]).success).to.equal(true);
    expect(parseCount() - before).to.equal(1);
    expect(parseCacheStats().hits - hits).to.equal(1);
    const r1 = executeAnonymous(`System.debug(Cached${stamp}.one());`, { runtime });
    expect(r1.debugLog).to.match(/USER_DEBUG\|\[1\]\|DEBUG\|1$/m);
    expect(parseCount() - before).to.equal(2); // the anonymous block is new

    // the source changed: another key, so it is parsed and compiled afresh
    const v2 = v1.replace('return 1;', 'return 2;');
    forgetParsedSources();
    const runtime2 = new ApexRuntime(fakeOrg());
    expect(runtime2.compile([{ name: `Cached${stamp}`, body: v2 }]).success).to.equal(true);
    expect(parseCount() - before).to.equal(3);
    const r2 = executeAnonymous(`System.debug(Cached${stamp}.one());`, { runtime: runtime2 });
    expect(r2.debugLog).to.match(/USER_DEBUG\|\[1\]\|DEBUG\|2$/m);
    expect(parseCount() - before).to.equal(3); // the same anonymous block, from disk
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).to.have.length(3); // v1, v2, the anonymous block
  });

  it('never caches a source with syntax errors, and treats an entry that does not fit as a miss', () => {
    configureParseCache(dir);
    const bad = `public class Broken${Date.now()} { Integer x = ; }`;
    expect(parseApex(bad, 'class').problems).to.have.length(1);
    expect(readdirSync(dir)).to.deep.equal([]);

    const good = `public class Damaged${Date.now()} { }`;
    parseApex(good, 'class');
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry), '{"version":"another parser","nodes":[]}');
    forgetParsedSources();
    const before = parseCount();
    expect(parseApex(good, 'class').problems).to.deep.equal([]);
    expect(parseCount() - before).to.equal(1); // parsed again, and the entry rewritten
    expect(JSON.parse(readFileSync(join(dir, entry), 'utf8')).version).to.match(/^apex-parser@5\.2\.0\/codec@\d+$/);
  });
});
