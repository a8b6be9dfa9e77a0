/**
 * Line coverage from executed statements. A line is executable when an Apex statement starts on it, except
 * a bare block (`{ … }`) and a `System.debug(…)` call ("Calls to System.debug aren't counted as part of Apex
 * code coverage", Apex Developer Guide, "Testing and Code Coverage",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_code_coverage_intro.htm). Declarations (class, method,
 * field and property headers, field initialisers) are not counted. A line is covered when a statement
 * starting on it ran. Test classes are not measured, as in an org.
 */
import {
  BlockContext,
  ExpressionStatementContext,
  StatementContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';

export interface ClassCoverage {
  /** The top-level class (its file name without `.cls`), or the trigger. */
  readonly name: string;
  /** Set for a trigger's coverage (a class's otherwise). */
  readonly trigger?: boolean;
  readonly coveredLines: readonly number[];
  readonly uncoveredLines: readonly number[];
}

interface TreeNode {
  readonly children?: readonly unknown[] | null;
}

/** The executable lines of a class's parse tree, ascending. */
export function executableLines(decl: ParserRuleContext): number[] {
  const lines = new Set<number>();
  const visit = (node: unknown): void => {
    if (node instanceof StatementContext) {
      const s = node.getChild(0);
      const isDebug =
        s instanceof ExpressionStatementContext && /^system\.debug\(/i.test(s.getText().replace(/\s+/g, ''));
      if (!(s instanceof BlockContext) && !isDebug) lines.add(node.start.line);
    }
    for (const c of (node as TreeNode).children ?? []) visit(c);
  };
  visit(decl);
  return [...lines].sort((a, b) => a - b);
}

/** Collects executed lines per file across test methods. */
export class CoverageRecorder {
  private readonly hits = new Map<string, Set<number>>();
  /** Lines hit per test method ("Class.method" → file → lines), for ApexCodeCoverage. */
  private readonly byTest = new Map<string, Map<string, Set<number>>>();
  private current: Map<string, Set<number>> | null = null;

  /** Attributes the following hits to a test method as well (null: aggregate only, e.g. @TestSetup). */
  startTest(key: string | null): void {
    if (key === null) {
      this.current = null;
      return;
    }
    this.current = new Map();
    this.byTest.set(key, this.current);
  }

  readonly probe = (file: string, line: number): void => {
    const key = file.toLowerCase();
    add(this.hits, key, line);
    if (this.current) add(this.current, key, line);
  };

  /** The test methods that executed lines, "Class.method". */
  get tests(): string[] {
    return [...this.byTest.keys()];
  }

  /** Coverage of one class by one test method (null when the test ran none of its lines). */
  testCoverage(test: string, name: string, executable: readonly number[]): ClassCoverage | null {
    const hit = this.byTest.get(test)?.get(name.toLowerCase());
    if (!hit) return null;
    return split(name, executable, hit);
  }

  /** Coverage of one class given its executable lines. */
  coverage(name: string, executable: readonly number[]): ClassCoverage {
    return split(name, executable, this.hits.get(name.toLowerCase()) ?? new Set<number>());
  }
}

function add(m: Map<string, Set<number>>, key: string, line: number): void {
  let s = m.get(key);
  if (!s) {
    s = new Set();
    m.set(key, s);
  }
  s.add(line);
}

function split(name: string, executable: readonly number[], hit: ReadonlySet<number>): ClassCoverage {
  return {
    name,
    coveredLines: executable.filter((l) => hit.has(l)),
    uncoveredLines: executable.filter((l) => !hit.has(l))
  };
}

/** Percentage covered, rounded down to an integer as orgs display it; 100 when nothing is executable. */
export function percentCovered(c: ClassCoverage): number {
  const total = c.coveredLines.length + c.uncoveredLines.length;
  return total === 0 ? 100 : Math.floor((c.coveredLines.length * 100) / total);
}
