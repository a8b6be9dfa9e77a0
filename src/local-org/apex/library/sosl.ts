/**
 * SOSL in Apex: inline `[FIND 'x' IN ALL FIELDS RETURNING Account(Name), Contact]` and `Search.query`,
 * both answering `List<List<SObject>>` in RETURNING order. In an Apex test the search answers nothing
 * but the Ids given to Test.setFixedSearchResults (then filtered by the WHERE and LIMIT clauses)
 * ("Adding SOSL Queries to Unit Tests",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_SOSL.htm).
 * Each statement counts against the 20 SOSL queries of a transaction (Execution Governors and Limits).
 */
import type { ApexParserRuleContext as ParserRuleContext, SoslPrimaryContext } from '@apexdevtools/apex-parser';
import type { DataRecord } from '../data-layer.js';
import { evaluate } from '../expressions.js';
import type { Interpreter } from '../interpreter.js';
import { currentTestContext } from '../testing/context.js';
import { ApexList, typeRef } from '../values.js';
import { defineStatic, argString } from './registry.js';
import { collectBinds, fieldTypesOf, fromRecord, toPlain } from './soql.js';

/** SOSL statements per transaction ("Total number of SOSL queries issued": 20). */
export const SOSL_LIMIT = 20;

const soslCounts = new WeakMap<Interpreter, number>();

/** SOSL statements run so far in the interpreter's transaction (Limits.getSoslQueries). */
export function soslQueries(it: Interpreter): number {
  return soslCounts.get(it) ?? 0;
}

function search(it: Interpreter, text: string, binds: Record<string, unknown>, ctx: ParserRuleContext): ApexList {
  if (!it.data.search) return it.unsupported('SOSL against this data layer', ctx);
  const n = soslQueries(it) + 1;
  soslCounts.set(it, n);
  if (n > SOSL_LIMIT) it.throwApex('LimitException', `Too many SOSL queries: ${n}`);
  const test = currentTestContext();
  let lists: { object: string; records: DataRecord[] }[];
  try {
    lists = it.data.search(text, binds, test ? (test.fixedSearchResults ?? []) : undefined);
  } catch (e) {
    // The org's search errors (MALFORMED_SEARCH, INVALID_TYPE, …) reach Apex as a catchable SearchException.
    if (e instanceof Error && typeof (e as { errorCode?: unknown }).errorCode === 'string')
      return it.throwApex('SearchException', e.message);
    throw e;
  }
  const types = fieldTypesOf(it);
  const outer = new ApexList(
    typeRef('List', [typeRef('SObject')]),
    lists.map((l) => {
      const name = l.object;
      const inner = new ApexList(
        typeRef(it.isSObjectType(name) ?? name),
        l.records.map((r) => fromRecord(r, name, types, true))
      );
      inner.fromSoql = true;
      return inner;
    })
  );
  return outer;
}

/** Inline SOSL: the literal's text with each bound expression sent as `:bindN`. */
export function runSosl(it: Interpreter, p: SoslPrimaryContext): ApexList {
  const lit = p.soslLiteral();
  const source = it.sources.get(it.frame.cls.file);
  if (!source || !lit.stop) return it.unsupported('SOSL outside loaded source', p);
  const binds: Parameters<typeof collectBinds>[1] = [];
  collectBinds(lit, binds);
  let text = '';
  let at = lit.start.start;
  const values: Record<string, unknown> = {};
  binds.forEach((b, i) => {
    text += source.slice(at, b.start.start) + `:bind${i}`;
    values[`bind${i}`] = toPlain(evaluate(it, b.expression()));
    at = b.stop!.stop + 1;
  });
  text += source.slice(at, lit.stop.stop + 1);
  return search(it, text.trim().replace(/^\[/, '').replace(/\]$/, '').trim(), values, p);
}

defineStatic('Search', {
  query: [
    1,
    (it, [q], ctx) => {
      const text = argString(it, q);
      const binds: Record<string, unknown> = {};
      const rewritten = text.replace(
        /'(?:[^'\\]|\\.)*'|\{(?:[^}\\]|\\.)*\}|:\s*([A-Za-z_][A-Za-z0-9_]*)/g,
        (m, name: string | undefined) => {
          if (!name) return m;
          const local = it.lookupLocal(name.toLowerCase());
          if (!local) return it.unsupported(`dynamic SOSL bind :${name} (only local variables are supported)`, ctx);
          binds[name] = toPlain(local.value);
          return ':' + name;
        }
      );
      return search(it, rewritten, binds, ctx);
    }
  ]
});

defineStatic('Limits', {
  getSoslQueries: [0, (it) => soslQueries(it)],
  getLimitSoslQueries: [0, () => SOSL_LIMIT]
});
