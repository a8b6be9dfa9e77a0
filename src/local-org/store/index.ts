/** Opens (or creates) the local org's data: schema, rules, seed. The in-process API the runtime uses. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installCurrencyRules } from './acm.js';
import { installObjectFileRules } from './object-file-rules.js';
import { Clock } from './clock.js';
import { orgTypeOf, setOrgType, type OrgType } from './org-type.js';
import {
  applyCurrencySchema,
  currencyFeatures,
  featuresOf,
  setCurrencyFeatures,
  type CurrencyMode
} from './currency-features.js';
import { applySeed, defaultSeed, ensureAutomatedProcessUser, validateSeedSpec, type SeedSpec } from './seed.js';
import { Store } from './store.js';

export { Store } from './store.js';
export type { ApiRecord, WriteOptions, StoreFileOptions } from './store.js';
export { Clock } from './clock.js';
export { standardObjects } from './standard-objects.js';
export { SalesforceError } from './errors.js';
export { runSoql, type SoqlResult, type SoqlOptions } from './soql/query.js';
export type { SeedSpec } from './seed.js';
export { ORG_TYPES, parseOrgType, orgTypeOf, OrgTypeError, type OrgType } from './org-type.js';
export { CURRENCY_MODES, parseCurrencyMode, currencyFeatures, type CurrencyMode } from './currency-features.js';
export { SeedSpecError, validateSeedSpec, ensureAutomatedProcessUser } from './seed.js';

export class SeedFileError extends Error {
  constructor(file: string, reason: string) {
    super(`cannot read seed file ${file}: ${reason}. Give a JSON file shaped like SeedSpec (see docs/local-org.md).`);
    this.name = 'SeedFileError';
  }
}

export function readSeedFile(file: string): SeedSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SeedFileError(file, e instanceof Error ? e.message : String(e));
  }
  try {
    return validateSeedSpec(parsed);
  } catch (e) {
    throw new SeedFileError(file, e instanceof Error ? e.message : String(e));
  }
}

/** A seed computed from the org's own "today" (its clock, its time zone), for seeds relative to the date. */
export type SeedForToday = (today: string) => SeedSpec;

export interface OpenOrgOptions {
  dataDir?: string;
  seed?: SeedSpec | SeedForToday;
  clock?: Clock;
  /** The org's type; an existing --data-dir org keeps its stored type unless this is given. */
  orgType?: OrgType;
  /** A new org's currency features (single, multi, acm; default acm). An existing org keeps its own. */
  currency?: CurrencyMode;
  /**
   * Open the org on a file other threads can open too (Apex workers): without `dataDir`, a private
   * temporary file (in /dev/shm when there is one) that `disposeOrgStore` removes. Default: in memory.
   */
  shared?: boolean;
}

const TEMP_PREFIX = 'local-org-';

/** Where a shared in-memory org keeps its private file: tmpfs when the machine has one. */
const temporaryDirs = new Set<string>();
let exitHookInstalled = false;

function tempOrgFile(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  let dir: string;
  try {
    dir = mkdtempSync(join(base, TEMP_PREFIX));
  } catch {
    dir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  }
  temporaryDirs.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // An org never stopped (a test that forgot, Ctrl-C) still leaves no file behind.
    process.once('exit', () => {
      for (const d of temporaryDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  return join(dir, 'org.sqlite');
}

/** Whether the store's file is a private temporary one (an in-memory org shared with Apex workers). */
export function isTemporaryOrgFile(store: Store): boolean {
  return store.file !== undefined && temporaryDirs.has(dirname(store.file));
}

/** Closes the store and removes its file when it is a private temporary one. */
export function disposeOrgStore(store: Store): void {
  const temporary = isTemporaryOrgFile(store);
  if (store.db.open) store.close();
  if (temporary && store.file) {
    rmSync(dirname(store.file), { recursive: true, force: true });
    temporaryDirs.delete(dirname(store.file));
  }
}

/**
 * Opens a second connection to an org another thread opened with `shared` (an Apex worker's): the
 * same file and rules; the schema, clock and ids follow the opener's (Store.adoptSchema).
 */
export function attachOrgStore(file: string, clock: Clock, synchronous: 'OFF' | 'FULL'): Store {
  const store = new Store(clock, file, { synchronous, busyTimeoutMs: 60_000 });
  installCurrencyRules(store);
  installObjectFileRules(store);
  applyCurrencySchema(store);
  return store;
}

/** Opens the org's store; seeds it when it is new (a fresh in-memory db or an empty data dir). */
export function openOrgStore(opts: OpenOrgOptions = {}): Store {
  let file: string | undefined;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    file = join(opts.dataDir, 'org.sqlite');
  } else if (opts.shared) file = tempOrgFile();
  // The HTTP thread's writes wait up to 30 s for an Apex worker's transaction to commit.
  const store = new Store(opts.clock ?? new Clock(), file, {
    synchronous: opts.dataDir ? 'FULL' : 'OFF',
    busyTimeoutMs: 30_000,
    immediate: true
  });
  installCurrencyRules(store);
  installObjectFileRules(store);
  const tz = store.getMeta('timeZone');
  if (tz) store.clock.timeZone = tz;
  if (!store.orgId) {
    const today = store.clock.today();
    applySeed(store, typeof opts.seed === 'function' ? opts.seed(today) : (opts.seed ?? defaultSeed(today)));
    setCurrencyFeatures(store, featuresOf(opts.currency ?? 'acm'), true);
  } else {
    applyCurrencySchema(store);
    ensureAutomatedProcessUser(store);
  }
  const orgType = opts.orgType ?? orgTypeOf(store);
  if (store.getMeta('orgType') !== orgType) setOrgType(store, orgType);
  return store;
}

/** Empties the store and seeds it again (control API). */
export function reseed(store: Store, seed?: SeedSpec): void {
  const orgType = orgTypeOf(store);
  const currency = currencyFeatures(store);
  store.clear();
  installCurrencyRules(store);
  installObjectFileRules(store);
  applySeed(store, seed ?? defaultSeed(store.clock.today()));
  setOrgType(store, orgType);
  setCurrencyFeatures(store, currency, true);
}
