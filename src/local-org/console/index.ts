/** The local org's Lightning pages: deployed Lightning web components in a browser, live on the local Apex runtime. */
export { ConsoleHost, SESSION_COOKIE, type ConsoleHostOptions } from './host.js';
export { frontdoorUrl, tabHref } from './page-html.js';
export { consoleTabs } from './deployed.js';
export { runAuraAction } from './apex-action.js';
