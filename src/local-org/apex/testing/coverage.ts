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
  /** The top-level class (its file name without `.cls`). */
  readonly name: string;
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

  readonly probe = (file: string, line: number): void => {
    const key = file.toLowerCase();
    let s = this.hits.get(key);
    if (!s) {
      s = new Set();
      this.hits.set(key, s);
    }
    s.add(line);
  };

  /** Coverage of one class given its executable lines. */
  coverage(name: string, executable: readonly number[]): ClassCoverage {
    const hit = this.hits.get(name.toLowerCase()) ?? new Set<number>();
    return {
      name,
      coveredLines: executable.filter((l) => hit.has(l)),
      uncoveredLines: executable.filter((l) => !hit.has(l))
    };
  }
}

/** Percentage covered, rounded down to an integer as orgs display it; 100 when nothing is executable. */
export function percentCovered(c: ClassCoverage): number {
  const total = c.coveredLines.length + c.uncoveredLines.length;
  return total === 0 ? 100 : Math.floor((c.coveredLines.length * 100) / total);
}
