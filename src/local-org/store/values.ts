/** Conversion of field values between the API (JSON), SQLite and back, with platform-like errors. */
import { isId, normalizeId } from './ids.js';
import { SalesforceError } from './errors.js';
import { hasCalendarDatePrefix, isDateInRange, isDateTimeInRange, parseIsoDateTime } from './dates.js';
import type { FieldDef } from './schema.js';

export type DbValue = string | number | null;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function sqlType(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
    case 'int':
      return 'INTEGER';
    case 'double':
    case 'currency':
    case 'percent':
      return 'REAL';
    case 'id':
    case 'reference':
    case 'date':
    case 'datetime':
      return 'TEXT';
    default:
      return 'TEXT COLLATE NOCASE'; // SOQL compares text case-insensitively
  }
}

function parserError(field: FieldDef, value: unknown, what: string): SalesforceError {
  return new SalesforceError(
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${what} from ${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${JSON.stringify(value)} or request may be missing a required field`,
    [field.name]
  );
}

function outOfRange(field: FieldDef, value: unknown): SalesforceError {
  return new SalesforceError(
    'INVALID_FIELD',
    `${field.label}: value ${JSON.stringify(value)} is outside the valid range 1700-01-01 to 4000-12-31`,
    [field.name]
  );
}

/** Canonical datetime text stored in SQLite: ISO 8601 UTC with milliseconds (sorts lexically). */
export function toDbDateTime(value: Date): string {
  return value.toISOString();
}

/**
 * Converts an API value for a field to its SQLite form, validating its type and length. Dates must be
 * real calendar days; API writes (not `system` ones, which keep the 0001-01-01 and 9999-12-31
 * sentinels of dated periods) must also fall in the platform's range, 1700-01-01 to 4000-12-31.
 */
export function toDb(field: FieldDef, value: unknown, opts: { system?: boolean } = {}): DbValue {
  if (value === null || value === undefined || value === '') {
    if (field.type === 'boolean') return 0;
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (value === true || value === 'true') return 1;
      if (value === false || value === 'false') return 0;
      throw parserError(field, value, 'boolean');
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw parserError(field, value, field.type === 'int' ? 'int' : 'double');
      if (field.type === 'int' && !Number.isInteger(n)) throw parserError(field, value, 'int');
      return n;
    }
    case 'date': {
      if (typeof value !== 'string') throw parserError(field, value, 'date');
      const d = value.slice(0, 10);
      if (!DATE_RE.test(d) || !hasCalendarDatePrefix(d)) throw parserError(field, value, 'date');
      if (!opts.system && !isDateInRange(d)) throw outOfRange(field, value);
      return d;
    }
    case 'datetime': {
      // Epoch milliseconds are accepted too (apex-node's TraceFlag create sends Date.now()).
      if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
      if (typeof value !== 'string') throw parserError(field, value, 'datetime');
      const ms = parseIsoDateTime(value);
      if (ms === undefined) throw parserError(field, value, 'datetime');
      if (!opts.system && !isDateTimeInRange(ms)) throw outOfRange(field, value);
      return new Date(ms).toISOString();
    }
    case 'id':
    case 'reference': {
      if (typeof value !== 'string' || !isId(value))
        throw new SalesforceError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(value)}`, [
          field.name
        ]);
      return normalizeId(value);
    }
    default: {
      if (typeof value === 'object') throw parserError(field, value, 'String');
      const s = String(value);
      if (field.length !== undefined && s.length > field.length)
        throw new SalesforceError(
          'STRING_TOO_LONG',
          `${field.label}: data value too large: ${s.length > 40 ? `${s.slice(0, 40)}...` : s} (max length=${field.length})`,
          [field.name]
        );
      return s;
    }
  }
}

/** Converts a SQLite value back to its API (JSON) form. */
export function fromDb(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return field.type === 'boolean' ? false : null;
  switch (field.type) {
    case 'boolean':
      return value === 1 || value === true;
    case 'datetime':
      return formatDateTime(String(value));
    default:
      return value;
  }
}

/** Salesforce's REST datetime format: `2026-11-28T13:05:00.000+0000`. */
export function formatDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}
