/**
 * What one transaction (interpreter) knows of triggers: the org's compiled triggers, the trigger
 * invocations running now (innermost last: `Trigger.*` reads the innermost), and each trigger's lowered
 * body (lowered once per transaction, while the test runner's coverage probe is set).
 */
import type { Frame } from '../interpreter.js';
import type { Interpreter } from '../interpreter.js';
import type { ApexSObject } from '../values.js';
import type { TriggerDef, TriggerEvent, TriggerTiming } from './load.js';

/** One running trigger invocation: what `Trigger.*` answers inside it. */
export interface TriggerInvocation {
  readonly def: TriggerDef;
  readonly timing: TriggerTiming;
  readonly event: TriggerEvent;
  /** Trigger.new (null in delete triggers). */
  readonly newRows: readonly ApexSObject[] | null;
  /** Trigger.old (null in insert and undelete triggers). */
  readonly oldRows: readonly ApexSObject[] | null;
}

/** An event being fired (for the depth limit and its message): object, event and the records' ids. */
export interface FiredEvent {
  readonly object: string;
  readonly timing: TriggerTiming;
  readonly event: TriggerEvent;
  readonly ids: readonly string[];
}

export type LoweredTrigger = { nslots: number; run: (it: Interpreter, f: Frame) => void };

export class TriggerState {
  /** The org's triggers (active and inactive), as the runtime compiled them. */
  defs: readonly TriggerDef[] = [];
  readonly running: TriggerInvocation[] = [];
  /** Trigger events being fired, outermost first (Apex: at most 16 deep). */
  readonly fired: FiredEvent[] = [];
  readonly lowered = new Map<TriggerDef, LoweredTrigger>();

  /** The active triggers of an object for an event, in the order they were deployed (by name). */
  activeFor(object: string, timing: TriggerTiming, event: TriggerEvent): TriggerDef[] {
    const key = `${timing} ${event}` as const;
    const lower = object.toLowerCase();
    return this.defs.filter((d) => d.active && d.object.toLowerCase() === lower && d.events.has(key));
  }

  /** Whether any active trigger is defined on the object (DML then goes through the dispatcher). */
  hasActive(object: string): boolean {
    const lower = object.toLowerCase();
    return this.defs.some((d) => d.active && d.object.toLowerCase() === lower);
  }

  get current(): TriggerInvocation | null {
    return this.running[this.running.length - 1] ?? null;
  }
}
