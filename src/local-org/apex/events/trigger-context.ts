/**
 * EventBus.TriggerContext: what a platform event trigger knows about its delivery (retries and lastError
 * after EventBus.RetryableException) and the checkpoint it may set for the next invocation.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_eventbus_TriggerContext.htm
 */
import type { Interpreter } from '../interpreter.js';
import { argString, defineStatic } from '../library/registry.js';
import { ApexNative } from '../values.js';
import { ApexThrow } from '../errors.js';

/** The delivery a platform event trigger's transaction runs (Interpreter.transaction.eventTrigger). */
export interface EventTriggerState {
  /** Times this batch was retried after EventBus.RetryableException. */
  readonly retries: number;
  /** The message of the last EventBus.RetryableException, or null. */
  readonly lastError: string | null;
  /** setResumeCheckpoint's replay id: the next invocation starts after it. */
  checkpoint: string | null;
  /** The ReplayIds of Trigger.new, in order. */
  readonly replayIds: readonly string[];
}

function contextObject(it: Interpreter, state: EventTriggerState): ApexNative {
  return new ApexNative(
    'EventBus.TriggerContext',
    {
      $retries: () => state.retries,
      $lasterror: () => state.lastError,
      getresumecheckpoint: () => state.checkpoint,
      setresumecheckpoint: ([id]) => {
        const replayId = id === null ? null : argString(it, id);
        // The exception type is documented ("a replay ID that isn't in the current trigger batch"); the
        // message is local wording (docs/platform-facts.md).
        if (replayId === null || !state.replayIds.includes(replayId)) {
          const cls = it.findClass('EventBus.InvalidReplayIdException', null)!;
          throw new ApexThrow(it.newException(cls, `Invalid replay ID: ${String(replayId)}`));
        }
        state.checkpoint = replayId;
        return null;
      }
    },
    `EventBus.TriggerContext[lastError=${String(state.lastError)};retries=${state.retries};]`
  );
}

defineStatic('EventBus.TriggerContext', {
  currentContext: [
    0,
    (it, _a, ctx) => {
      const state = it.transaction.eventTrigger;
      if (!state)
        return it.unsupported('EventBus.TriggerContext.currentContext() outside a platform event trigger', ctx);
      return contextObject(it, state);
    }
  ]
});
