/**
 * SOSL over the store: each RETURNING object's searched fields (by the IN … FIELDS group) are matched
 * against the search expression, then the spec's fields, WHERE, ORDER BY, LIMIT and OFFSET run as SOQL
 * over the matching Ids. The statement's LIMIT (default 2,000) caps all objects together, taken in
 * RETURNING order ("SOSL Syntax", "RETURNING FieldSpec",
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_returning.htm).
 * `fixedIds` (Apex tests: Test.setFixedSearchResults) replaces the matching: those Ids are the result
 * before WHERE and LIMIT apply.
 */
import { invalidType } from '../errors.js';
import { normalizeId } from '../ids.js';
import type { FieldDef, ObjectDef } from '../schema.js';
import type { ApiRecord, Store } from '../store.js';
import { runSoql } from '../soql/query.js';
import { compileSearch, words } from './match.js';
import { malformedSearch, parseSosl, type SearchScope } from './parse.js';

export interface SoslOptions {
  binds?: Record<string, unknown>;
  /** Test.setFixedSearchResults: the Ids the search answers instead of matching text. */
  fixedIds?: readonly string[];
  apiVersion?: string;
  /** Apex: a child relationship without rows is an empty list (REST: null). */
  emptyChildLists?: boolean;
}

export interface SoslObjectResult {
  object: string;
  records: ApiRecord[];
}

const TEXT = new Set(['string', 'textarea', 'email', 'phone', 'url']);
const MAX_ROWS = 2000;

/** The fields a search group searches on an object. */
export function searchedFields(def: ObjectDef, scope: SearchScope): FieldDef[] {
  const isName = (f: FieldDef): boolean => f.nameField === true || f.name === 'Name';
  switch (scope) {
    case 'NAME':
      return def.fields.filter(isName);
    case 'EMAIL':
      return def.fields.filter((f) => f.type === 'email');
    case 'PHONE':
      return def.fields.filter((f) => f.type === 'phone');
    case 'ALL':
      return def.fields.filter((f) => isName(f) || TEXT.has(f.type));
  }
}

/** A field value's searchable words; a phone also as its digits alone (`(415) 555-1212` → 4155551212). */
function fieldWords(f: FieldDef, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const w = words(String(value));
  return f.type === 'phone' ? [...w, String(value).replace(/\D/g, '')] : w;
}

export function runSosl(store: Store, text: string, opts: SoslOptions = {}): SoslObjectResult[] {
  if (typeof text !== 'string' || text.trim() === '') throw malformedSearch('search is empty');
  const parsed = parseSosl(text);
  let search = parsed.search;
  if (parsed.bind !== undefined) {
    const v = opts.binds?.[parsed.bind];
    if (typeof v !== 'string') throw malformedSearch(`the search bind :${parsed.bind} must be a String`);
    search = v;
  }
  const matches = compileSearch(search);
  if (parsed.limit !== undefined && (parsed.limit < 1 || parsed.limit > MAX_ROWS))
    throw malformedSearch(`LIMIT must be from 1 to ${MAX_ROWS}`);
  let remaining = parsed.limit ?? MAX_ROWS;
  const fixed = opts.fixedIds?.map((id) => normalizeId(id));
  return parsed.returning.map((spec) => {
    const def = store.schema.get(spec.object);
    if (!def || !def.queryable) throw invalidType(spec.object);
    let ids: string[];
    if (fixed) ids = fixed.filter((id) => id.startsWith(def.keyPrefix));
    else {
      const fields = searchedFields(def, parsed.scope);
      const rows =
        fields.length === 0
          ? []
          : runSoql(store, `SELECT Id, ${fields.map((f) => f.name).join(', ')} FROM ${def.name}`).records;
      ids = rows.filter((r) => matches(fields.map((f) => fieldWords(f, r[f.name])))).map((r) => String(r.Id));
    }
    const limit = Math.min(spec.limit ?? MAX_ROWS, remaining);
    if (ids.length === 0 || limit <= 0) return { object: def.name, records: [] };
    let soql = `SELECT ${spec.fields} FROM ${def.name} WHERE Id IN :soslMatchedIds`;
    if (spec.where) soql += ` AND (${spec.where})`;
    if (spec.orderBy) soql += ` ORDER BY ${spec.orderBy}`;
    soql += ` LIMIT ${limit}`;
    if (spec.offset) soql += ` OFFSET ${spec.offset}`;
    const records = runSoql(store, soql, {
      binds: { ...opts.binds, soslMatchedIds: ids },
      apiVersion: opts.apiVersion,
      emptyChildLists: opts.emptyChildLists
    }).records;
    remaining -= records.length;
    return { object: def.name, records };
  });
}
