/**
 * Seams the test runner (`testing/`) plugs into the interpreter without the interpreter importing it:
 * a per-statement probe (line coverage), the `System.runAs(user) { … }` statement and method calls on
 * Test.createStub objects. All are null outside an Apex test run, where `System.runAs` stays "not supported
 * by the local runtime".
 */
import type { MethodInfo } from './class-table.js';
import type { Interpreter } from './interpreter.js';
import type { ApexObject, Value } from './values.js';

export interface RuntimeProbes {
  /** Called for every statement executed, with the file (top-level class) and 1-based line. */
  statement: ((file: string, line: number) => void) | null;
  /** Runs a `System.runAs(args) { body }` block; returns what the body returned. */
  runAs: (<T>(it: Interpreter, args: readonly Value[], body: () => T) => T) | null;
  /** Answers an instance method call itself (Test.createStub objects), or returns null to run the method. */
  call: ((it: Interpreter, m: MethodInfo, self: ApexObject, args: readonly Value[]) => { value: Value } | null) | null;
}

export const runtimeProbes: RuntimeProbes = { statement: null, runAs: null, call: null };
