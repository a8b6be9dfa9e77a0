/**
 * Seams the test runner (`testing/`) plugs into the interpreter without the interpreter importing it:
 * a per-statement probe (line coverage) and the `System.runAs(user) { … }` statement. Both are null
 * outside an Apex test run, where `System.runAs` stays "not supported by the local runtime".
 */
import type { Interpreter } from './interpreter.js';
import type { Value } from './values.js';

export interface RuntimeProbes {
  /** Called for every statement executed, with the file (top-level class) and 1-based line. */
  statement: ((file: string, line: number) => void) | null;
  /** Runs a `System.runAs(args) { body }` block; returns what the body returned. */
  runAs: (<T>(it: Interpreter, args: readonly Value[], body: () => T) => T) | null;
}

export const runtimeProbes: RuntimeProbes = { statement: null, runAs: null };
