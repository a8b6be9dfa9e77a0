/**
 * Static checks of inline SOQL against the org's describe: the custom fields (`__c`) a query names on
 * its own object exist — in the select list, aggregate functions, `WHERE`, `GROUP BY` and `ORDER BY`
 * (subqueries and relationship paths name other objects and are left to the run) — and a custom
 * object in `FROM` exists. The wordings are the query API's INVALID_FIELD / INVALID_TYPE texts
 * (`src/local-org/store/errors.ts`), which orgs also report when compiling inline SOQL. Standard fields
 * are not checked: the local schema's standard objects do not list every standard field an org has
 * (docs/apex-runtime.md, "Checks still missing").
 */
import {
  FieldNameContext,
  QueryContext,
  SubQueryContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import type { SObjectDescribe } from '../data-layer.js';

export interface SoqlProblem {
  readonly at: { start: { line: number; column: number } };
  readonly message: string;
}

/** The field names under a query clause that belong to the query's own object (not to a subquery). */
function ownFieldNames(ctx: ParserRuleContext, out: FieldNameContext[]): void {
  for (const c of ctx.children ?? []) {
    if (c instanceof FieldNameContext) out.push(c);
    else if (c instanceof SubQueryContext || c instanceof QueryContext) continue;
    else if ('children' in c) ownFieldNames(c as ParserRuleContext, out);
  }
}

export function soqlProblems(q: QueryContext, describe: (name: string) => SObjectDescribe | null): SoqlProblem[] {
  const from = q.fromNameList()?.fieldName(0);
  if (!from || from.soqlId_list().length !== 1) return [];
  const d = describe(from.getText());
  if (!d) {
    if (!/__c$/i.test(from.getText())) return [];
    return [
      {
        at: from,
        message: `sObject type '${from.getText()}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
      }
    ];
  }
  // A describe without fields (a stub) says nothing about which fields exist.
  if (d.fields.length === 0) return [];
  const fields: FieldNameContext[] = [];
  for (const entry of q.selectList()?.selectEntry_list() ?? []) {
    if (entry.subQuery() || entry.typeOf()) continue;
    const f = entry.fieldName();
    if (f) fields.push(f);
    const fn = entry.soqlFunction();
    if (fn) ownFieldNames(fn, fields);
  }
  for (const clause of [q.whereClause(), q.groupByClause(), q.orderByClause()])
    if (clause) ownFieldNames(clause, fields);
  const out: SoqlProblem[] = [];
  for (const f of fields) {
    if (f.soqlId_list().length !== 1) continue;
    const name = f.getText();
    if (!/__c$/i.test(name) || d.fields.some((x) => x.name.toLowerCase() === name.toLowerCase())) continue;
    out.push({
      at: f,
      message: `No such column '${name}' on entity '${d.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    });
  }
  return out;
}
