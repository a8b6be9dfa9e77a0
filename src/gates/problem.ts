/** One finding of an offline quality gate, located in a file. */
export interface GateProblem {
  /** Path relative to the project root (or absolute when outside it). */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based column; 0 when unknown. */
  column: number;
  message: string;
  /** Rule or check that found it, e.g. `syntax`, `prettier`, `pmd:ApexCRUDViolation`. */
  rule: string;
}

/** Outcome of one gate over a set of files. */
export interface GateResult {
  gate: string;
  /** Number of files the gate looked at. */
  checked: number;
  /** Findings that fail the gate. */
  problems: GateProblem[];
  /** Findings reported but not failing (e.g. low-priority PMD rules). */
  notes: GateProblem[];
}

/** Formats a problem the way compilers do: `file:line:column message [rule]`. */
export function formatProblem(problem: GateProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message} [${problem.rule}]`;
}

/** Raised when a gate cannot run at all (missing tool, unreadable project). */
export class GateSetupError extends Error {
  constructor(
    readonly gate: string,
    message: string,
    readonly fix: string
  ) {
    super(`${gate}: ${message}. ${fix}`);
    this.name = 'GateSetupError';
  }
}
