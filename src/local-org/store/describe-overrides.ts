/**
 * Per-object describe overrides: what an sObject's describe answers for `createable`, `updateable`,
 * `deletable`, `queryable`, in Apex (`Schema.SObjectType.X.getDescribe()`), in the REST describe, or both.
 * Where the documentation leaves a describe answer open (e.g. DatedConversionRate's Apex
 * `isCreateable()` while the Apex guide lists it among objects without DML), tests set each answer here
 * (control API `POST /__local/describe-overrides`) and show the code is right under both. General: any
 * sObject; kept in the store, cleared by a reset.
 */
import { SalesforceError } from './errors.js';
import type { Store } from './store.js';

export const DESCRIBE_SCOPES = ['apex', 'rest', 'all'] as const;
export type DescribeScope = (typeof DESCRIBE_SCOPES)[number];
const PROPERTIES = ['createable', 'updateable', 'deletable', 'queryable'] as const;
export type DescribeProperty = (typeof PROPERTIES)[number];

export interface DescribeOverride {
  sObject: string;
  scope: DescribeScope;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  queryable?: boolean;
}

const META_KEY = 'describeOverrides';

export function listDescribeOverrides(store: Store): DescribeOverride[] {
  const raw = store.getMeta(META_KEY);
  return raw ? (JSON.parse(raw) as DescribeOverride[]) : [];
}

/** Validates a control-API body and adds (or replaces, per sObject and scope) the override. */
export function setDescribeOverride(store: Store, body: Record<string, unknown>): DescribeOverride {
  const sObject = body.sObject;
  if (typeof sObject !== 'string' || !store.schema.get(sObject))
    throw new SalesforceError(
      'INVALID_INPUT',
      `sObject must name an sObject type of this org, got ${JSON.stringify(sObject)}`
    );
  const scope = body.scope ?? 'apex';
  if (typeof scope !== 'string' || !(DESCRIBE_SCOPES as readonly string[]).includes(scope))
    throw new SalesforceError('INVALID_INPUT', `scope must be one of ${DESCRIBE_SCOPES.join(', ')}`);
  const unknown = Object.keys(body).filter(
    (k) => k !== 'sObject' && k !== 'scope' && !(PROPERTIES as readonly string[]).includes(k)
  );
  if (unknown.length)
    throw new SalesforceError(
      'INVALID_INPUT',
      `unknown describe override ${unknown.join(', ')}: give sObject, scope and any of ${PROPERTIES.join(', ')}`
    );
  const override: DescribeOverride = { sObject: store.schema.get(sObject)!.name, scope: scope as DescribeScope };
  for (const p of PROPERTIES) {
    if (body[p] === undefined) continue;
    if (typeof body[p] !== 'boolean') throw new SalesforceError('INVALID_INPUT', `${p} must be true or false`);
    override[p] = body[p];
  }
  const rest = listDescribeOverrides(store).filter(
    (o) => !(o.sObject.toLowerCase() === override.sObject.toLowerCase() && o.scope === override.scope)
  );
  store.setMeta(META_KEY, JSON.stringify([...rest, override]));
  return override;
}

export function clearDescribeOverrides(store: Store): void {
  store.setMeta(META_KEY, '[]');
}

/** The object-level describe properties after the overrides that apply to `where` ('apex' or 'rest'). */
export function applyDescribeOverrides<T extends Partial<Record<DescribeProperty, boolean>>>(
  store: Store,
  sObject: string,
  where: 'apex' | 'rest',
  base: T
): T {
  const out = { ...base };
  for (const o of listDescribeOverrides(store)) {
    if (o.sObject.toLowerCase() !== sObject.toLowerCase() || (o.scope !== where && o.scope !== 'all')) continue;
    for (const p of PROPERTIES) if (o[p] !== undefined) (out as Record<DescribeProperty, boolean>)[p] = o[p]!;
  }
  return out;
}
