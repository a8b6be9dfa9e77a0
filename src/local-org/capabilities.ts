/**
 * The capability table (docs/capabilities.md), generated from the local org's own registries so the
 * docs cannot drift: the standard objects of the schema registry, the Apex platform library's method
 * tables (placeholders that fail with "not supported" marked as such), SOQL features probed against a
 * fresh in-memory org, and the metadata types of source-deploy-retrieve's registry with the ones whose
 * behaviour the local org models. `npm run capabilities` writes it; a test checks it is current.
 */
import { registry } from '@salesforce/source-deploy-retrieve';
import { BUILTIN_ENUMS, NATIVE_TYPES, libraryMembers } from './apex/index.js';
import { MODELLED_METADATA } from './metadata/register.js';
import { openOrgStore, runSoql, SalesforceError, standardObjects } from './store/index.js';

/** SOQL features, each probed with a query over the default seed's objects. */
const SOQL_PROBES: [feature: string, soql: string][] = [
  [
    'Field list, WHERE with =, !=, <, >, AND, OR, NOT',
    "SELECT Id, IsoCode FROM CurrencyType WHERE (IsActive = true OR IsCorporate = true) AND NOT IsoCode = 'XXX'"
  ],
  [
    'LIKE, IN, NOT IN',
    "SELECT Id FROM CurrencyType WHERE IsoCode LIKE 'E%' AND IsoCode IN ('EUR') AND IsoCode NOT IN ('USD')"
  ],
  [
    'Date literals (TODAY, LAST_N_DAYS:n)',
    'SELECT Id FROM DatedConversionRate WHERE StartDate <= TODAY AND StartDate > LAST_N_DAYS:400'
  ],
  ['Fiscal and quarter date literals', 'SELECT Id FROM DatedConversionRate WHERE StartDate = THIS_FISCAL_QUARTER'],
  ['ORDER BY … NULLS LAST, LIMIT, OFFSET', 'SELECT Id FROM Account ORDER BY Name DESC NULLS LAST LIMIT 5 OFFSET 1'],
  ['COUNT()', 'SELECT COUNT() FROM CurrencyType'],
  [
    'GROUP BY with aggregates and aliases',
    'SELECT Industry, MAX(NumberOfEmployees) largest, COUNT(Id) FROM Account GROUP BY Industry'
  ],
  ['HAVING', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1'],
  ['GROUP BY ROLLUP / CUBE', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry)'],
  ['Parent relationship (one level)', 'SELECT Id, Profile.Name FROM User'],
  ['Parent relationship (two levels)', 'SELECT Id, CreatedBy.Profile.Name FROM User'],
  ['Parent relationship (five levels)', 'SELECT Id, Parent.Parent.Parent.Parent.Parent.Name FROM Account'],
  ['Child relationship subquery', 'SELECT Id, (SELECT Id FROM PermissionSetAssignments) FROM User'],
  ['Semi-join (IN subquery)', 'SELECT Id FROM User WHERE ProfileId IN (SELECT Id FROM Profile)'],
  [
    'Anti-join (NOT IN subquery)',
    'SELECT Id FROM User WHERE Id NOT IN (SELECT AssigneeId FROM PermissionSetAssignment)'
  ],
  ['TYPEOF', 'SELECT TYPEOF What WHEN Account THEN Phone ELSE Name END FROM Task'],
  ['Polymorphic paths (What.Name, What.Type)', "SELECT What.Name FROM Task WHERE What.Type = 'Account'"],
  ['Date functions (CALENDAR_YEAR …)', 'SELECT Id FROM DatedConversionRate WHERE CALENDAR_YEAR(StartDate) = 2026'],
  [
    'Date functions in GROUP BY, convertTimezone()',
    'SELECT DAY_ONLY(convertTimezone(CreatedDate)) d, COUNT(Id) FROM User GROUP BY DAY_ONLY(convertTimezone(CreatedDate))'
  ],
  [
    'Fiscal date functions (FISCAL_YEAR …)',
    'SELECT FISCAL_YEAR(StartDate) y FROM DatedConversionRate GROUP BY FISCAL_YEAR(StartDate)'
  ],
  ['convertCurrency() in SELECT', 'SELECT Name, convertCurrency(AnnualRevenue) FROM Account'],
  ['ISO-code values in WHERE (Amount > USD5000)', 'SELECT Id FROM Opportunity WHERE Amount > USD5000'],
  ['FORMAT()', 'SELECT FORMAT(AnnualRevenue) FROM Account'],
  ['toLabel()', 'SELECT toLabel(Industry) FROM Account'],
  ['INCLUDES / EXCLUDES', "SELECT Id FROM User WHERE UserType INCLUDES ('Standard')"],
  ['FOR UPDATE', 'SELECT Id FROM User FOR UPDATE'],
  ['USING SCOPE', 'SELECT Id FROM User USING SCOPE Everything'],
  ['WITH SECURITY_ENFORCED', 'SELECT Id FROM User WITH SECURITY_ENFORCED'],
  ['Object alias', 'SELECT u.Id FROM User u']
];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function soqlSection(): string[] {
  const store = openOrgStore();
  try {
    const rows = SOQL_PROBES.map(([feature, soql]) => {
      try {
        runSoql(store, soql);
        return `| ${cell(feature)} | supported | |`;
      } catch (e) {
        const message = e instanceof SalesforceError ? `${e.errorCode}: ${e.message.split('\n')[0]}` : String(e);
        return `| ${cell(feature)} | **not supported** | ${cell(message)} |`;
      }
    });
    return [
      '## SOQL',
      '',
      'Each row is a query run against a fresh local org; unsupported parts answer `MALFORMED_QUERY` naming the part.',
      '',
      '| Feature | Local org | Answer |',
      '| --- | --- | --- |',
      ...rows,
      ''
    ];
  } finally {
    store.close();
  }
}

function objectsSection(): string[] {
  const crud = (d: ReturnType<typeof standardObjects>[number]) =>
    [d.createable && 'create', d.updateable && 'update', d.deletable && 'delete'].filter(Boolean).join(', ') ||
    'read only';
  return [
    '## Standard objects',
    '',
    'Deployed custom objects, custom metadata types and platform events come in addition.',
    '',
    '| Object | Key prefix | Fields | Operations | API |',
    '| --- | --- | --- | --- | --- |',
    ...standardObjects()
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(
        (d) =>
          `| ${d.name} | \`${d.keyPrefix}\` | ${d.fields.length} | ${crud(d)} | ${d.tooling ? 'data, Tooling' : 'data'} |`
      ),
    ''
  ];
}

function apexSection(): string[] {
  const members = libraryMembers();
  const byClass = new Map<string, { supported: string[]; placeholders: string[] }>();
  for (const m of members.statics) {
    const entry = byClass.get(m.owner) ?? { supported: [], placeholders: [] };
    (m.placeholder ? entry.placeholders : entry.supported).push(m.name);
    byClass.set(m.owner, entry);
  }
  for (const f of members.fields) {
    const entry = byClass.get(f.owner) ?? { supported: [], placeholders: [] };
    entry.supported.push(f.name);
    byClass.set(f.owner, entry);
  }
  const list = (xs: string[]) =>
    [...new Set(xs)]
      .sort((a, b) => a.localeCompare(b))
      .map((x) => `\`${x}\``)
      .join(', ');
  const byKind = new Map<string, string[]>();
  for (const m of members.instances) byKind.set(m.owner, [...(byKind.get(m.owner) ?? []), m.name]);
  return [
    '## Apex platform library',
    '',
    'Static members by class ("not supported" members compile and raise `not supported by the local runtime: <Class.method> at <file>:<line>` when called).',
    '',
    '| Class | Supported | Not supported |',
    '| --- | --- | --- |',
    ...[...byClass.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cls, e]) => `| ${cls} | ${list(e.supported)} | ${list(e.placeholders)} |`),
    '',
    'Instance methods by value kind:',
    '',
    '| Kind | Methods |',
    '| --- | --- |',
    ...[...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, ms]) => `| ${k} | ${list(ms)} |`),
    '',
    `Platform types with instances (results, contexts, natives): ${list([...NATIVE_TYPES])}.`,
    '',
    `Built-in enums: ${list([...BUILTIN_ENUMS.keys()])}.`,
    ''
  ];
}

function metadataSection(): string[] {
  const types = Object.values(registry.types).sort((a, b) => a.name.localeCompare(b.name));
  const modelled = Object.entries(MODELLED_METADATA).sort(([a], [b]) => a.localeCompare(b));
  return [
    '## Metadata types',
    '',
    `Every one of the ${types.length} types of \`@salesforce/source-deploy-retrieve\`'s registry is deployed, stored byte for byte, listed (\`listMetadata\`) and retrievable (\`retrieve\`). These change the org's behaviour:`,
    '',
    '| Type | What the local org does with it |',
    '| --- | --- |',
    ...modelled.map(([t, what]) => `| ${t} | ${cell(what)} |`),
    '',
    `Stored only (not interpreted): ${types
      .map((t) => t.name)
      .filter((n) => !(n in MODELLED_METADATA))
      .map((n) => `\`${n}\``)
      .join(', ')}.`,
    ''
  ];
}

/** The whole document (Markdown, formatted by prettier so `npm run format` leaves it unchanged). */
export async function capabilitiesMarkdown(): Promise<string> {
  const md = [
    '# Local org capabilities',
    '',
    "<!-- Generated by `npm run capabilities` from the local org's registries; do not edit. A test fails when it is stale. -->",
    '',
    ...objectsSection(),
    ...soqlSection(),
    ...apexSection(),
    ...metadataSection()
  ].join('\n');
  const prettier = await import('prettier');
  return prettier.format(md, { parser: 'markdown', proseWrap: 'preserve' });
}
