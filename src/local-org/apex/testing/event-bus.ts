/**
 * Platform events inside Apex tests: a test event bus, reset for every test method, where EventBus.publish
 * only queues. Events are delivered to their triggers at Test.stopTest() and whenever the test calls
 * Test.getEventBus().deliver() ("Deliver Test Event Messages",
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_test_deliver.htm).
 * A delivery hands each subscriber the events published before it began, batch after batch; a trigger
 * that throws EventBus.RetryableException gets its batch again at the next deliver()
 * (platform_events_test_retry.htm). Triggers share the test's static variables, as jobs run at stopTest do.
 */
import { deliverBatch, eventSubscribers, type EventBusHost, type EventSource } from '../events/index.js';
import type { Interpreter } from '../interpreter.js';
import { defineStatic } from '../library/registry.js';
import { activate, type ApexRuntime } from '../runtime.js';
import { ApexNative } from '../values.js';
import { currentTestContext, registerStopTestDrain } from './context.js';

/** The org's test event bus (org/event-bus.ts with `test: true`). */
export interface TestEventBus extends EventBusHost, EventSource {
  /** A new test method: no events, ReplayIds from 1, subscribers at position 0 (inside its transaction). */
  resetForTest(): void;
  /** Writes the PublishImmediately events held so far. */
  flush(): boolean;
}

export class TestEventDelivery {
  runtime: ApexRuntime | null = null;
  /** USER_DEBUG lines of the triggers run for the current test. */
  log: string[] = [];

  constructor(readonly bus: TestEventBus) {}

  reset(): void {
    this.log = [];
    this.bus.resetForTest();
  }

  /** Delivers what was published so far to every subscriber (Test.stopTest, Test.getEventBus().deliver()). */
  deliver(it: Interpreter): void {
    const runtime = this.runtime;
    if (!runtime) return;
    this.bus.flush();
    let last: Interpreter | null = null;
    const newInterpreter = (): Interpreter => {
      const n = runtime.newInterpreter();
      n.adoptStatics(it);
      last = n;
      return n;
    };
    try {
      for (const type of this.bus.eventTypes()) {
        const until = this.bus.tip(type);
        if (!until) continue;
        for (const sub of eventSubscribers(runtime, type)) {
          for (;;) {
            const r = deliverBatch(runtime, this.bus, type, sub, { newInterpreter, until });
            if (last) it.adoptStatics(last);
            if (!r) break;
            this.log.push(...r.debug);
            if (r.failure) this.log.push(`FATAL_ERROR|${r.failure.type}: ${r.failure.message}`);
            if (r.retry) break;
          }
        }
      }
    } finally {
      activate(it);
    }
  }
}

let current: TestEventDelivery | null = null;
registerStopTestDrain((it) => current?.deliver(it));

/** Makes `d` the delivery Test.stopTest and Test.getEventBus() use (null after the run). */
export function attachTestEventDelivery(d: TestEventDelivery | null): void {
  current = d;
}

defineStatic('Test', {
  getEventBus: [
    0,
    (it, _a, ctx) => {
      if (!currentTestContext()) return it.unsupported('Test.getEventBus outside an Apex test run', ctx);
      return new ApexNative(
        'EventBus.TestBroker',
        {
          deliver: () => {
            if (!current) return it.throwUnsupported('Test.getEventBus().deliver() without a test event bus');
            current.deliver(it);
            return null;
          },
          fail: () => it.throwUnsupported('Test.getEventBus().fail() (Apex publish callbacks)')
        },
        'EventBus.TestBroker'
      );
    }
  ]
});
