/** Callouts for the local runtime. Importing this module registers Http/HttpRequest/HttpResponse. */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import { asyncContextOf } from '../async/context.js';
import { defineStatic } from '../library/registry.js';
import { calloutCount, MAX_CALLOUTS, setAsyncProbe } from './http.js';

setAsyncProbe((it) => asyncContextOf(it)?.kind);

defineStatic('Limits', {
  getCallouts: [0, (it) => calloutCount(it)],
  getLimitCallouts: [0, () => MAX_CALLOUTS]
});

export {
  CalloutFailure,
  registerCalloutHost,
  HttpRequestValue,
  HttpResponseValue,
  UNCOMMITTED_WORK,
  MAX_CALLOUTS,
  type CalloutHost,
  type CalloutRequest,
  type CalloutResponse
} from './http.js';
