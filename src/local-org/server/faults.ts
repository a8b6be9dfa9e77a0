/**
 * Fault injection for tests (control API): the next N requests whose method and path match fail with
 * a given status and body, after an optional delay, or have their connection dropped.
 */
export interface FaultSpec {
  method?: string;
  /** A path prefix, or a regular expression when it starts and ends with `/`. */
  path: string;
  count?: number;
  status?: number;
  body?: unknown;
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

interface Fault extends FaultSpec {
  remaining: number;
  matcher: (path: string) => boolean;
}

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(
      `bad fault: ${message}. Give {"path": "/services/data/...", "method"?, "count"?, "status"?, "body"?, "delayMs"?, "drop"?}.`
    );
    this.name = 'FaultSpecError';
  }
}

export class Faults {
  private faults: Fault[] = [];

  add(spec: FaultSpec): void {
    if (typeof spec !== 'object' || spec === null || typeof spec.path !== 'string' || spec.path === '')
      throw new FaultSpecError('path is required');
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new FaultSpecError('count must be a positive integer');
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599))
      throw new FaultSpecError('status must be an HTTP status');
    if (spec.delayMs !== undefined && (!(spec.delayMs >= 0) || spec.delayMs > 120_000))
      throw new FaultSpecError('delayMs must be 0..120000');
    let matcher: (p: string) => boolean;
    if (
      spec.path.length > 2 &&
      spec.path.startsWith('/') &&
      spec.path.endsWith('/') &&
      /[\\^$*+?()[\]{}|]/.test(spec.path)
    ) {
      let re: RegExp;
      try {
        re = new RegExp(spec.path.slice(1, -1));
      } catch (e) {
        throw new FaultSpecError(`path regular expression: ${e instanceof Error ? e.message : String(e)}`);
      }
      matcher = (p) => re.test(p);
    } else {
      matcher = (p) => p.startsWith(spec.path);
    }
    this.faults.push({ ...spec, remaining: count, matcher });
  }

  /** Takes (and counts down) the first fault matching this request. */
  take(method: string, path: string): FaultSpec | undefined {
    const f = this.faults.find((x) => (!x.method || x.method.toUpperCase() === method) && x.matcher(path));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  list(): FaultSpec[] {
    return this.faults.map(({ matcher: _m, ...rest }) => rest);
  }

  clear(): void {
    this.faults = [];
  }
}
