/** Callouts for the local runtime. Importing this module registers Http/HttpRequest/HttpResponse. */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import { defineStatic } from '../library/registry.js';
import { calloutCount, MAX_CALLOUTS } from './http.js';

defineStatic('Limits', {
  getCallouts: [0, (it) => calloutCount(it)],
  getLimitCallouts: [0, () => MAX_CALLOUTS]
});

export {
  CalloutFailure,
  HttpRequestValue,
  HttpResponseValue,
  UNCOMMITTED_WORK,
  MAX_CALLOUTS,
  type CalloutHost,
  type CalloutRequest,
  type CalloutResponse
} from './http.js';
