/**
 * ANTLR's syntax error texts reworded the way the Apex compiler words the same problem. The org's
 * wordings come from the compiler's message catalog (jorje's messages_en_US.properties:
 * `unexpected.token` "Unexpected token {0}.", `missing.syntax` "Missing '{0}' at {1}",
 * `invalid.character.identifier` "Invalid character in identifier: {0}"), as published in
 * https://github.com/forcedotcom/apex-language-support/blob/main/packages/apex-parser-ast/src/generated/messages_en_US.ts
 * Which ANTLR error corresponds to which org message is our mapping, not documented.
 */
export function orgSyntaxMessage(antlr: string): string {
  let m = /^missing (.+?) at (.+)$/.exec(antlr);
  if (m) return `Missing ${m[1]} at ${m[2]}`;
  m = /^(?:extraneous|mismatched) input (.+?) expecting/.exec(antlr);
  if (m) return m[1] === "'<EOF>'" ? 'Unexpected token: end of file.' : `Unexpected token ${m[1]}.`;
  m = /^no viable alternative at input (.+)$/.exec(antlr);
  if (m) {
    const tokens = m[1].replace(/^'|'$/g, '');
    const last = tokens.split(/\s+|\\[nrt]/).pop() ?? tokens;
    return `Unexpected token '${last}'.`;
  }
  m = /^token recognition error at: (.+)$/.exec(antlr);
  if (m) return `Invalid character in identifier: ${m[1].replace(/^'|'$/g, '')}`;
  return antlr.charAt(0).toUpperCase() + antlr.slice(1);
}
