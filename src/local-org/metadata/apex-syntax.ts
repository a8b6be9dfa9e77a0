/**
 * Apex syntax checking with @apexdevtools/apex-parser (pinned 5.2.0), reported the way a deploy or
 * executeAnonymous reports compile problems: 1-based line and column and a Salesforce-style message
 * ("Unexpected token 'x'.", "Missing ';' at 'x'"). Only syntax is checked, not types or names.
 */
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';

export interface ApexProblem {
  line: number;
  column: number;
  message: string;
}

class Collector extends ApexErrorListener {
  readonly errors: ApexProblem[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column: column + 1, message });
  }
}

/** Rewords ANTLR messages the way the Apex compiler words the same problem. */
export function salesforceMessage(antlr: string): string {
  let m = /^missing (.+?) at (.+)$/.exec(antlr);
  if (m) return `Missing ${m[1]} at ${m[2]}`;
  m = /^(?:extraneous|mismatched) input (.+?) expecting/.exec(antlr);
  if (m) return m[1] === "'<EOF>'" ? 'Unexpected token: end of file.' : `Unexpected token ${m[1]}.`;
  m = /^no viable alternative at input (.+)$/.exec(antlr);
  if (m) {
    const tokens = m[1].replace(/^'|'$/g, '');
    const last = tokens.split(/\s+/).pop() ?? tokens;
    return `Unexpected token '${last}'.`;
  }
  m = /^token recognition error at: (.+)$/.exec(antlr);
  if (m) return `Invalid character in identifier: ${m[1].replace(/^'|'$/g, '')}`;
  return antlr.charAt(0).toUpperCase() + antlr.slice(1);
}

export function checkApexSyntax(source: string, kind: 'class' | 'trigger' | 'anonymous'): ApexProblem[] {
  const listener = new Collector();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (kind === 'trigger') parser.triggerUnit();
  else if (kind === 'anonymous') parser.anonymousUnit();
  else parser.compilationUnit();
  return listener.errors.map((e) => ({ ...e, message: salesforceMessage(e.message) }));
}
