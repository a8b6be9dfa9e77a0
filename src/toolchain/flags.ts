/**
 * A small typed flag layer over node:util parseArgs, plus the validators of flag values.
 * Kept free of @salesforce/* imports so that `--help` starts fast.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { TEST_LEVELS, type TestLevel } from './testLevels.js';

export type FlagSpec = {
  type: 'string' | 'boolean';
  char?: string;
  description: string;
  /** Shown in --help; string flags only. */
  valueName?: string;
  default?: string;
};

export type FlagSpecs = Record<string, FlagSpec>;

/** Flags every command accepts. */
export const COMMON_FLAGS: FlagSpecs = {
  'target-org': {
    type: 'string',
    char: 'o',
    valueName: 'alias|username',
    description: 'Org to act on; defaults to the target-org config, like sf.'
  },
  json: { type: 'boolean', description: 'Print one JSON object {status, result} and nothing else on stdout.' },
  help: { type: 'boolean', char: 'h', description: 'Show this help.' }
};

export type ParsedFlags = Record<string, string | boolean | undefined>;

type ParseArgsError = Error & { code?: string };

/**
 * Parses argv against the command's flags and the common flags.
 * @throws UsageError for unknown flags, missing values and positional arguments
 */
export function parseFlags(argv: string[], specs: FlagSpecs): ParsedFlags {
  const all = { ...COMMON_FLAGS, ...specs };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(all)) {
    options[name] = spec.char ? { type: spec.type, short: spec.char } : { type: spec.type };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    const e = error as ParseArgsError;
    throw new UsageError(describeParseError(e));
  }
  const result: ParsedFlags = {};
  for (const [name, spec] of Object.entries(all)) {
    const value = values[name];
    if (spec.type === 'string' && typeof value === 'string' && value.trim() === '') {
      throw new UsageError(`Flag --${name} needs a value.`);
    }
    result[name] = value ?? spec.default;
  }
  return result;
}

function describeParseError(error: ParseArgsError): string {
  const text = error.message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '.');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown flag: ${text.replace(/^Unknown option /, '')}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `Invalid flag value: ${text}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument: ${text.replace(/^Unexpected argument /, '')} (this command takes flags only)`;
    default:
      return text;
  }
}

/** Renders `--help`. */
export function renderHelp(
  command: { name: string; summary: string; description: string; examples: string[] },
  specs: FlagSpecs
): string {
  const all = { ...specs, ...COMMON_FLAGS };
  const rows = Object.entries(all).map(([name, spec]) => {
    const short = spec.char ? `-${spec.char}, ` : '    ';
    const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
    const def = spec.default !== undefined ? ` (default: ${spec.default})` : '';
    return [`  ${short}--${name}${value}`, `${spec.description}${def}`] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `${command.summary}`,
    '',
    `USAGE`,
    `  npm run ${command.name} -- [flags]`,
    '',
    'FLAGS',
    ...rows.map(([left, right]) => left.padEnd(width) + right),
    '',
    'DESCRIPTION',
    ...command.description.split('\n').map((line) => (line ? `  ${line}` : '')),
    '',
    'EXAMPLES',
    ...command.examples.map((e) => `  ${e}`),
    '',
    'EXIT CODES',
    '  0 success, 1 failed, 2 bad flags, 3 org/session, 4 missing permission, 5 missing configuration',
    ''
  ].join('\n');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a calendar date written YYYY-MM-DD. */
export function parseDateFlag(value: string, flag = 'date'): string {
  const match = ISO_DATE.exec(value);
  if (!match) {
    throw new UsageError(`--${flag} must be a date written YYYY-MM-DD, got "${value}".`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new UsageError(`--${flag} "${value}" is not a real calendar date.`);
  }
  if (year < 1700 || year > 4000) {
    throw new UsageError(`--${flag} "${value}" is outside the range Salesforce dates accept (1700-4000).`);
  }
  return value;
}

/** Validates an integer flag within [min, max]. */
export function parseIntegerFlag(value: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) {
    throw new UsageError(`--${flag} must be a whole number between ${min} and ${max}, got "${value}".`);
  }
  const n = Number(value);
  if (n < min || n > max) {
    throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${n}.`);
  }
  return n;
}

/** Batch scope size: Database.executeBatch accepts 1..2000 with a QueryLocator. */
export function parseBatchSize(value: string): number {
  return parseIntegerFlag(value, 'batch-size', 1, 2000);
}

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

type CronField = { name: string; min: number; max: number; names?: string; extra?: RegExp };

const CRON_FIELDS: CronField[] = [
  { name: 'Seconds', min: 0, max: 59 },
  { name: 'Minutes', min: 0, max: 59 },
  { name: 'Hours', min: 0, max: 23 },
  { name: 'Day_of_month', min: 1, max: 31, extra: /^(\?|L|LW|\d{1,2}W)$/ },
  { name: 'Month', min: 1, max: 12, names: MONTHS },
  { name: 'Day_of_week', min: 1, max: 7, names: DAYS, extra: /^(\?|L|[1-7]L|[1-7]#[1-5])$/ },
  { name: 'optional_year', min: 1970, max: 2099 }
];

function validCronValue(token: string, field: CronField): boolean {
  const names = field.names ? new RegExp(`^(${field.names})$`, 'i') : undefined;
  const atom = (t: string): boolean =>
    (/^\d+$/.test(t) && Number(t) >= field.min && Number(t) <= field.max) || (names?.test(t) ?? false);
  return token.split(',').every((part) => {
    if (part === '*' || field.extra?.test(part.toUpperCase())) return true;
    const [range, step] = part.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) return false;
    if (range === '*') return step !== undefined;
    const bounds = range.split('-');
    return bounds.length <= 2 && bounds.every(atom);
  });
}

/**
 * Validates the shape of a Salesforce scheduled-Apex cron expression:
 * `Seconds Minutes Hours Day_of_month Month Day_of_week [Year]`, exactly one of
 * Day_of_month and Day_of_week being `?`.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_scheduler.htm
 */
export function parseCron(value: string): string {
  const fields = value.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    throw new UsageError(
      `--cron must have 6 or 7 fields (Seconds Minutes Hours Day_of_month Month Day_of_week [Year]), got ${fields.length}: "${value}".`
    );
  }
  fields.forEach((token, i) => {
    if (!validCronValue(token, CRON_FIELDS[i])) {
      throw new UsageError(`--cron field ${i + 1} (${CRON_FIELDS[i].name}) "${token}" is not valid in "${value}".`);
    }
  });
  if ((fields[3] === '?') === (fields[5] === '?')) {
    throw new UsageError(`--cron: exactly one of Day_of_month and Day_of_week must be "?" in "${value}".`);
  }
  return fields.join(' ');
}

/** Validates --test-level. */
export function parseTestLevel(value: string): TestLevel {
  if (!(TEST_LEVELS as readonly string[]).includes(value)) {
    throw new UsageError(`--test-level must be one of ${TEST_LEVELS.join(', ')}, got "${value}".`);
  }
  return value as TestLevel;
}
