/** Callouts for the local runtime. Importing this module registers Http/HttpRequest/HttpResponse. */
// The library first: these entries replace the "not supported" ones library/platform.ts registers.
import '../library/index.js';
import { defineStatic } from '../library/registry.js';
import { ApexNative } from '../values.js';
import { calloutCount, MAX_CALLOUTS } from './http.js';

defineStatic('Limits', {
  getCallouts: [0, (it) => calloutCount(it)],
  getLimitCallouts: [0, () => MAX_CALLOUTS]
});

/** URL.getOrgDomainUrl(): the org's My Domain URL, from the callout host. */
defineStatic('Url', {
  getOrgDomainUrl: [
    0,
    (it, _a, ctx) => {
      const url = it.org.callouts?.orgDomainUrl?.();
      if (!url) return it.unsupported('URL.getOrgDomainUrl (no org URL is known to this runtime)', ctx);
      const u = new URL(url);
      return new ApexNative(
        'System.Url',
        {
          toexternalform: () => url,
          gethost: () => u.hostname,
          getprotocol: () => u.protocol.replace(/:$/, ''),
          getport: () => (u.port ? Number(u.port) : -1),
          getpath: () => (u.pathname === '/' ? '' : u.pathname),
          tostring: () => url
        },
        url
      );
    }
  ]
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
