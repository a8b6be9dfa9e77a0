/**
 * The DatedRateSetting__mdt validation rules that keep a batch chunk inside the governor limits
 * (100 callouts, 120 s of callout time per transaction), evaluated with a small evaluator of the
 * formula functions they use (the local org does not run validation rules), against the same
 * cases as the Apex check in DatedRateSettings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const RULES = join(
  import.meta.dirname,
  '..',
  '..',
  'force-app/main/default/objects/DatedRateSetting__mdt/validationRules'
);

type Value = number | string | boolean | null;
type SettingValues = Partial<
  Record<
    | 'BatchSize__c'
    | 'CollectionSize__c'
    | 'CalloutTimeoutSeconds__c'
    | 'ExistingRatePolicy__c'
    | 'UpdateStandardRates__c',
    Value
  >
>;

function formula(rule: string): string {
  const xml = readFileSync(join(RULES, `${rule}.validationRule-meta.xml`), 'utf8');
  const body = /<errorConditionFormula>([\s\S]*?)<\/errorConditionFormula>/.exec(xml)?.[1] ?? '';
  return body
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Evaluates the subset of Salesforce formula syntax the rules use. */
export function evaluate(source: string, record: SettingValues): Value {
  const tokens =
    source
      .match(/\s*(>=|<=|<>|!=|[()+\-*/,<>=]|"[^"]*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)/g)
      ?.map((t) => t.trim()) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const next = (): string => tokens[i++];
  const num = (v: Value): number => Number(v);
  const call = (name: string, args: Value[]): Value => {
    switch (name.toUpperCase()) {
      case 'CEILING':
        return Math.ceil(num(args[0]));
      case 'BLANKVALUE':
        return args[0] === null || args[0] === undefined || args[0] === '' ? args[1] : args[0];
      case 'ISBLANK':
        return args[0] === null || args[0] === undefined || args[0] === '';
      case 'IF':
        return args[0] ? args[1] : args[2];
      case 'ISPICKVAL':
        return args[0] === args[1];
      case 'AND':
        return args.every(Boolean);
      case 'OR':
        return args.some(Boolean);
      case 'NOT':
        return !args[0];
      default:
        throw new Error(`formula function not supported by this evaluator: ${name}`);
    }
  };
  const primary = (): Value => {
    const t = next();
    if (t === '(') {
      const v = comparison();
      next();
      return v;
    }
    if (t === '-') return -num(primary());
    if (/^\d/.test(t)) return Number(t);
    if (t.startsWith('"')) return t.slice(1, -1);
    if (peek() === '(') {
      next();
      const args: Value[] = [];
      while (peek() !== ')') {
        args.push(comparison());
        if (peek() === ',') next();
      }
      next();
      return call(t, args);
    }
    return (record as { [k: string]: Value })[t] ?? null;
  };
  const term = (): Value => {
    let v = primary();
    while (peek() === '*' || peek() === '/') v = next() === '*' ? num(v) * num(primary()) : num(v) / num(primary());
    return v;
  };
  const sum = (): Value => {
    let v = term();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? num(v) + num(term()) : num(v) - num(term());
    return v;
  };
  const comparison = (): Value => {
    const left = sum();
    const op = peek();
    if (!op || !['>', '<', '>=', '<=', '='].includes(op)) return left;
    next();
    const right = num(sum());
    const l = num(left);
    return op === '>'
      ? l > right
      : op === '<'
        ? l < right
        : op === '>='
          ? l >= right
          : op === '<='
            ? l <= right
            : l === right;
  };
  const value = comparison();
  if (i !== tokens.length) throw new Error(`unparsed formula rest: ${tokens.slice(i).join(' ')}`);
  return value;
}

const cases: Array<{ record: SettingValues; limit: boolean; time: boolean; why: string }> = [
  {
    record: { BatchSize__c: 200, CollectionSize__c: 200, ExistingRatePolicy__c: 'Skip', CalloutTimeoutSeconds__c: 60 },
    limit: false,
    time: false,
    why: 'the Default record'
  },
  { record: {}, limit: false, time: false, why: 'blank values are the defaults 200/200/60' },
  {
    record: {
      BatchSize__c: 200,
      CollectionSize__c: 200,
      ExistingRatePolicy__c: 'Update',
      CalloutTimeoutSeconds__c: 60
    },
    limit: false,
    time: false,
    why: '2 callouts x 60 s = 120 s'
  },
  {
    record: {
      BatchSize__c: 400,
      CollectionSize__c: 200,
      ExistingRatePolicy__c: 'Update',
      CalloutTimeoutSeconds__c: 60
    },
    limit: false,
    time: true,
    why: '3 callouts x 60 s'
  },
  {
    record: { BatchSize__c: 2000, CollectionSize__c: 20, ExistingRatePolicy__c: 'Skip', CalloutTimeoutSeconds__c: 1 },
    limit: false,
    time: false,
    why: 'exactly 100 callouts of 1 s'
  },
  {
    record: { BatchSize__c: 2000, CollectionSize__c: 20, ExistingRatePolicy__c: 'Update', CalloutTimeoutSeconds__c: 1 },
    limit: true,
    time: false,
    why: '101 callouts'
  },
  {
    record: { BatchSize__c: 2000, CollectionSize__c: 10, ExistingRatePolicy__c: 'Skip', CalloutTimeoutSeconds__c: 1 },
    limit: true,
    time: true,
    why: '200 callouts'
  },
  {
    record: {
      BatchSize__c: 2000,
      CollectionSize__c: 20,
      ExistingRatePolicy__c: 'Skip',
      CalloutTimeoutSeconds__c: 1,
      UpdateStandardRates__c: false
    },
    limit: false,
    time: false,
    why: '100 callouts x 1 s'
  },
  {
    record: {
      BatchSize__c: 2000,
      CollectionSize__c: 20,
      ExistingRatePolicy__c: 'Skip',
      CalloutTimeoutSeconds__c: 1,
      UpdateStandardRates__c: true
    },
    limit: true,
    time: true,
    why: 'standard rates double it: 200 callouts'
  },
  {
    record: { BatchSize__c: 200, CollectionSize__c: 200, CalloutTimeoutSeconds__c: 60, UpdateStandardRates__c: true },
    limit: false,
    time: false,
    why: '1 create + 1 standard-rate callout x 60 s = 120 s'
  }
];

describe('DatedRateSetting__mdt rules: a chunk within 100 callouts and 120 s of callout time', () => {
  it('ChunkCalloutLimit flags more than 100 callouts per chunk', () => {
    const f = formula('ChunkCalloutLimit');
    for (const c of cases) expect(evaluate(f, c.record), c.why).to.equal(c.limit);
  });

  it('ChunkCalloutTime flags callouts x timeout over 120 s', () => {
    const f = formula('ChunkCalloutTime');
    for (const c of cases) expect(evaluate(f, c.record), c.why).to.equal(c.time);
  });

  it('the evaluator agrees with the existing range rule', () => {
    const f = formula('BatchSizeRange');
    expect(evaluate(f, { BatchSize__c: 2001 })).to.equal(true);
    expect(evaluate(f, { BatchSize__c: 200 })).to.equal(false);
    expect(evaluate(f, {})).to.equal(false);
  });
});
