/**
 * Constructors of platform types implemented as native values (`new HttpRequest()`): library files
 * register them here; creators.ts consults the table before reporting `new T` as unsupported.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from './interpreter.js';
import type { Value } from './values.js';

export type NativeConstructor = (it: Interpreter, args: Value[], ctx: ParserRuleContext) => Value;

const table = new Map<string, NativeConstructor>();

/** Registers `new <name>(…)`; `name` is the full native type name, e.g. "System.HttpRequest". */
export function defineNativeConstructor(name: string, fn: NativeConstructor): void {
  table.set(name.toLowerCase(), fn);
}

export function nativeConstructor(name: string): NativeConstructor | undefined {
  return table.get(name.toLowerCase());
}
