/** The layout stays true: no import cycle outside the evaluator's folder, no import into another subsystem's internals. */
import path from 'node:path';
import { expect } from 'chai';
import { findCycles, forbiddenCycles, layoutViolations, readImportGraph, type ImportGraph } from './import-graph.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(Object.entries(edges));
}

describe('import graph', () => {
  describe('the rules (on small graphs)', () => {
    it('finds a cycle, and allows one only inside the Apex evaluator', () => {
      // GIVEN a cycle between two org files and one inside src/local-org/apex
      const graph = graphOf({
        'src/local-org/org/a.ts': ['src/local-org/org/b.ts'],
        'src/local-org/org/b.ts': ['src/local-org/org/a.ts'],
        'src/local-org/apex/x.ts': ['src/local-org/apex/y.ts'],
        'src/local-org/apex/y.ts': ['src/local-org/apex/x.ts'],
        'src/local-org/apex/z.ts': []
      });
      // THEN both are cycles, and only the org one is forbidden
      expect(findCycles(graph)).to.have.deep.members([
        ['src/local-org/org/a.ts', 'src/local-org/org/b.ts'],
        ['src/local-org/apex/x.ts', 'src/local-org/apex/y.ts']
      ]);
      expect(forbiddenCycles(graph)).to.deep.equal([['src/local-org/org/a.ts', 'src/local-org/org/b.ts']]);
    });

    it('flags an import into another subsystem other than its index.ts, and the toolchain reaching the local org', () => {
      const graph = graphOf({
        'scripts/x.ts': ['src/local-org/store/store.ts', 'src/local-org/index.ts', 'src/toolchain/index.ts'],
        'bench/y.ts': ['src/toolchain/cli.ts'],
        'src/toolchain/z.ts': ['src/local-org/index.ts']
      });
      expect(layoutViolations(graph)).to.deep.equal([
        'scripts/x.ts -> src/local-org/store/store.ts: outside src/local-org, import only src/local-org/index.ts',
        'bench/y.ts -> src/toolchain/cli.ts: outside src/toolchain, import only src/toolchain/index.ts',
        'src/toolchain/z.ts -> src/local-org/index.ts: src/toolchain must not depend on src/local-org'
      ]);
    });

    it('flags a local-org room importing against the direction (org -> server, apex -> store)', () => {
      const graph = graphOf({
        'src/local-org/org/callouts.ts': ['src/local-org/server/router.ts', 'src/local-org/apex/index.ts'],
        'src/local-org/apex/http.ts': ['src/local-org/store/store.ts'],
        'src/local-org/server/server.ts': ['src/local-org/org/callouts.ts', 'src/local-org/console/page.ts'],
        'src/local-org/console/page.ts': ['src/local-org/store/store.ts'],
        'src/local-org/index.ts': ['src/local-org/server/server.ts']
      });
      expect(layoutViolations(graph).map((v) => v.split(':')[0])).to.deep.equal([
        'src/local-org/org/callouts.ts -> src/local-org/server/router.ts',
        'src/local-org/apex/http.ts -> src/local-org/store/store.ts'
      ]);
    });
  });

  describe('this project', () => {
    const graph = readImportGraph(ROOT);

    it('reads the source folders (src, scripts, bench)', () => {
      expect(graph.has('src/local-org/index.ts')).to.equal(true);
      expect(graph.get('scripts/start.ts')).to.include('scripts/lib/embedded.ts');
      expect(graph.get('src/local-org/server/server.ts')).to.include('src/local-org/org/apex-pool.ts');
    });

    it('has no import cycle outside the Apex evaluator', () => {
      expect(forbiddenCycles(graph)).to.deep.equal([]);
    });

    it("imports no other subsystem's internals and keeps the local org's rooms in one direction", () => {
      expect(layoutViolations(graph)).to.deep.equal([]);
    });
  });
});
