/**
 * Custom-header formulas of Named and External Credentials: a header value such as
 * `{!'Token ' & $Credential.MyCredential.ApiKey}` is evaluated when the callout is sent, with the
 * authentication parameters of the principal the running user has access to. Supported: string literals,
 * `&`, `$Credential.<ExternalCredential>.<Parameter>`, and the formula functions Salesforce lists for
 * credential headers that need no certificate: BLOB, BASE64ENCODE, BASE64DECODE, HEX, HASH and HMAC
 * (SHA-256 only). SIGN and SIGN_WITH_CERTIFICATE fail as not supported by the local runtime.
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.nc_named_creds_formula_functions.htm
 * https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.nc_create_edit_custom_auth_ext_cred.htm
 * An unknown parameter fails the callout with the platform's wording, "Field <EC>.<Param> does not exist.
 * Check spelling." (https://salesforce.stackexchange.com/questions/406660).
 */
import { createHash, createHmac } from 'node:crypto';

/** A formula that cannot be evaluated; `message` is what the callout's CalloutException says. */
export class CredentialFormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialFormulaError';
  }
}

type Value = string | Buffer;

/** Looks up `$Credential.<externalCredential>.<parameter>`; undefined when the principal has no such parameter. */
export type CredentialLookup = (externalCredential: string, parameter: string) => string | undefined;

/** Formula text is at most 3,900 characters (Salesforce Help, formula functions for named credentials). */
export const MAX_FORMULA_LENGTH = 3900;

type Token =
  { kind: 'string'; value: string } | { kind: 'name'; value: string } | { kind: 'punct'; value: '(' | ')' | ',' | '&' };

function tokenize(src: string, where: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[i + 1];
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          i += 2;
        } else s += src[i++];
      }
      if (i >= src.length) throw new CredentialFormulaError(`Syntax error in the formula of ${where}: unclosed string`);
      i++;
      out.push({ kind: 'string', value: s });
    } else if (c === '(' || c === ')' || c === ',' || c === '&') {
      out.push({ kind: 'punct', value: c });
      i++;
    } else if (/[$A-Za-z_]/.test(c)) {
      const m = /^\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i))!;
      out.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else {
      throw new CredentialFormulaError(`Syntax error in the formula of ${where}: unexpected "${c}"`);
    }
  }
  return out;
}

const asText = (v: Value, fn: string): string => {
  if (typeof v !== 'string')
    throw new CredentialFormulaError(`Incorrect parameter type for ${fn}. Expected Text, received Blob`);
  return v;
};
const asBlob = (v: Value, fn: string): Buffer => {
  if (typeof v === 'string')
    throw new CredentialFormulaError(`Incorrect parameter type for ${fn}. Expected Blob, received Text`);
  return v;
};
const sha256 = (algorithm: Value, fn: string): void => {
  if (asText(algorithm, fn).toUpperCase() !== 'SHA-256')
    throw new CredentialFormulaError(`${fn}: the only supported algorithm is SHA-256, got "${String(algorithm)}"`);
};

const FUNCTIONS: Record<string, { arity: number; run: (args: Value[]) => Value }> = {
  BLOB: { arity: 1, run: ([a]) => Buffer.from(asText(a, 'BLOB'), 'utf8') },
  BASE64ENCODE: { arity: 1, run: ([a]) => asBlob(a, 'BASE64ENCODE').toString('base64') },
  BASE64DECODE: { arity: 1, run: ([a]) => Buffer.from(asText(a, 'BASE64DECODE'), 'base64') },
  HEX: { arity: 1, run: ([a]) => asBlob(a, 'HEX').toString('hex') },
  HASH: {
    arity: 2,
    run: ([alg, a]) => {
      sha256(alg, 'HASH');
      return createHash('sha256').update(asBlob(a, 'HASH')).digest();
    }
  },
  HMAC: {
    arity: 3,
    run: ([alg, value, key]) => {
      sha256(alg, 'HMAC');
      return createHmac('sha256', asBlob(key, 'HMAC')).update(asBlob(value, 'HMAC')).digest();
    }
  }
};

function evaluateExpression(src: string, where: string, lookup: CredentialLookup): Value {
  const tokens = tokenize(src, where);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (p: string): void => {
    const t = tokens[pos++];
    if (t?.kind !== 'punct' || t.value !== p)
      throw new CredentialFormulaError(`Syntax error in the formula of ${where}: expected "${p}"`);
  };
  const term = (): Value => {
    const t = tokens[pos++];
    if (!t) throw new CredentialFormulaError(`Syntax error in the formula of ${where}: missing a value`);
    if (t.kind === 'string') return t.value;
    if (t.kind === 'punct' && t.value === '(') {
      const v = concat();
      expect(')');
      return v;
    }
    if (t.kind === 'name' && t.value.startsWith('$')) {
      const parts = t.value.split('.');
      if (parts[0].toLowerCase() !== '$credential')
        throw new CredentialFormulaError(
          `not supported by the local runtime: the global variable ${parts[0]} in the formula of ${where} (only $Credential)`
        );
      if (parts.length !== 3)
        throw new CredentialFormulaError(
          `not supported by the local runtime: ${t.value} in the formula of ${where} (the local org resolves $Credential.<ExternalCredential>.<Parameter>)`
        );
      const value = lookup(parts[1], parts[2]);
      if (value === undefined)
        throw new CredentialFormulaError(`Field ${parts[1]}.${parts[2]} does not exist. Check spelling.`);
      return value;
    }
    if (t.kind === 'name' && peek()?.kind === 'punct' && peek()?.value === '(') {
      const name = t.value.toUpperCase();
      const fn = FUNCTIONS[name];
      if (!fn)
        throw new CredentialFormulaError(
          name === 'SIGN' || name === 'SIGN_WITH_CERTIFICATE'
            ? `not supported by the local runtime: the formula function ${name} in ${where}`
            : `Unknown function ${t.value}. Check spelling.`
        );
      pos++;
      const args: Value[] = [];
      if (!(peek()?.kind === 'punct' && peek()?.value === ')')) {
        args.push(concat());
        while (peek()?.kind === 'punct' && peek()?.value === ',') {
          pos++;
          args.push(concat());
        }
      }
      expect(')');
      if (args.length !== fn.arity)
        throw new CredentialFormulaError(
          `Incorrect number of parameters for function '${name}()'. Expected ${fn.arity}, received ${args.length}`
        );
      return fn.run(args);
    }
    throw new CredentialFormulaError(
      t.kind === 'name' ? `Field ${t.value} does not exist. Check spelling.` : `Syntax error in the formula of ${where}`
    );
  };
  const concat = (): Value => {
    let v = term();
    while (peek()?.kind === 'punct' && peek()?.value === '&') {
      pos++;
      v = asText(v, '&') + asText(term(), '&');
    }
    return v;
  };
  const value = concat();
  if (pos !== tokens.length)
    throw new CredentialFormulaError(`Syntax error in the formula of ${where}: extra "${String(tokens[pos].value)}"`);
  return value;
}

/** True when the text holds a `{!…}` formula. */
export function hasFormula(text: string): boolean {
  return text.includes('{!');
}

/**
 * Evaluates every `{!…}` in a header value; text outside the braces is kept as it is. The result of each
 * formula must be text. `where` names the header for error messages.
 */
export function evaluateHeaderValue(value: string, where: string, lookup: CredentialLookup): string {
  if (value.length > MAX_FORMULA_LENGTH)
    throw new CredentialFormulaError(
      `The formula of ${where} has ${value.length} characters; at most ${MAX_FORMULA_LENGTH}`
    );
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf('{!', i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    const end = closingBrace(value, start + 2);
    if (end < 0) throw new CredentialFormulaError(`Syntax error in the formula of ${where}: missing "}"`);
    const result = evaluateExpression(value.slice(start + 2, end), where, lookup);
    out += asText(result, where);
    i = end + 1;
  }
  return out;
}

/** The index of the `}` that closes a formula, skipping braces inside string literals. */
function closingBrace(value: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < value.length; i++) {
    const c = value[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '}') return i;
  }
  return -1;
}
