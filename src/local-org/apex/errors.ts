/** Errors raised by the Apex loader, checker and interpreter. */
import type { ApexObject } from './values.js';

/** Where something is in Apex source. Lines are 1-based, columns 1-based (as an org reports them). */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One problem a compiler would report. */
export interface CompileProblem extends SourcePos {
  readonly message: string;
}

/** Thrown by load/compile when the source cannot be compiled; carries every problem found. */
export class ApexCompileError extends Error {
  constructor(readonly problems: readonly CompileProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'ApexCompileError';
  }
}

/**
 * A construct the parser accepts but the local runtime does not implement.
 * Message format fixed by CONTRIBUTING.md: "not supported by the local runtime: <what> at <file>:<line>".
 */
export class UnsupportedFeatureError extends Error {
  constructor(
    readonly feature: string,
    readonly pos: SourcePos
  ) {
    super(`not supported by the local runtime: ${feature} at ${pos.file}:${pos.line}`);
    this.name = 'UnsupportedFeatureError';
  }
}

/** An Apex exception in flight. `exception` is the Apex exception object (built-in or user class). */
export class ApexThrow extends Error {
  constructor(readonly exception: ApexObject) {
    super('Apex exception');
    this.name = 'ApexThrow';
  }
}

/** An internal interpreter fault (a bug, not an Apex exception). */
export class InterpreterError extends Error {
  constructor(message: string, pos?: SourcePos) {
    super(pos ? `${message} at ${pos.file}:${pos.line}` : message);
    this.name = 'InterpreterError';
  }
}
