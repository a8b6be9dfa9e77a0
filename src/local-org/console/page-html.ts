/** The HTML of the local org's Lightning pages: SLDS global header, app navigation, the page's region. */
import type { ConsolePage } from './deployed.js';

export const SLDS_BASE = '/lightning/_slds';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shell(title: string, nav: string, main: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | Local org</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${SLDS_BASE}/styles/salesforce-lightning-design-system.min.css">
<style>
  body { background: #b0c4df; min-height: 100vh; }
  .local-org-header { background: #fff; border-bottom: 1px solid #c9c9c9; padding: 0.5rem 1rem; }
  .local-org-badge { font-size: 0.75rem; }
</style>
</head>
<body>
<header class="local-org-header slds-grid slds-grid_align-spread slds-grid_vertical-align-center">
  <span class="slds-text-heading_small">Local org</span>
  <span class="slds-badge local-org-badge">offline · served by the local org</span>
</header>
${nav}
<main id="page" class="slds-p-around_medium">${main}</main>
${script}
</body>
</html>
`;
}

function navigation(appLabel: string, items: { label: string; href: string; active: boolean }[]): string {
  const links = items
    .map(
      (i) =>
        `<li class="slds-context-bar__item${i.active ? ' slds-is-active' : ''}"><a href="${escapeHtml(i.href)}" class="slds-context-bar__label-action"${i.active ? ' aria-current="page"' : ''}><span class="slds-truncate">${escapeHtml(i.label)}</span></a></li>`
    )
    .join('');
  return `<div class="slds-context-bar"><div class="slds-context-bar__primary"><div class="slds-context-bar__item slds-no-hover"><span class="slds-context-bar__label-action slds-context-bar__app-name"><span class="slds-truncate">${escapeHtml(appLabel)}</span></span></div></div><nav class="slds-context-bar__secondary" aria-label="Tabs"><ul class="slds-grid">${links}</ul></nav></div>`;
}

export function tabHref(name: string): string {
  return `/lightning/n/${encodeURIComponent(name)}`;
}

export function pageHtml(page: ConsolePage, tabs: { name: string; label: string }[], scriptUrl: string): string {
  const nav = navigation(
    'Lightning pages',
    tabs.map((t) => ({ label: t.label, href: tabHref(t.name), active: t.name === page.tabName }))
  );
  return shell(page.label, nav, '', `<script src="${escapeHtml(scriptUrl)}"></script>`);
}

export function homeHtml(tabs: { name: string; label: string }[]): string {
  const nav = navigation(
    'Lightning pages',
    tabs.map((t) => ({ label: t.label, href: tabHref(t.name), active: false }))
  );
  const body = tabs.length
    ? `<div class="slds-card slds-p-around_medium"><h1 class="slds-text-heading_medium slds-m-bottom_small">Tabs</h1><ul class="slds-list_dotted">${tabs.map((t) => `<li><a href="${escapeHtml(tabHref(t.name))}">${escapeHtml(t.label)}</a></li>`).join('')}</ul></div>`
    : `<div class="slds-card slds-p-around_medium"><h1 class="slds-text-heading_medium">No tabs yet</h1><p>Deploy a Lightning page tab or a Lightning component tab.</p></div>`;
  return shell('Home', nav, body);
}

export function messageHtml(title: string, message: string): string {
  return shell(
    title,
    '',
    `<div class="slds-card slds-p-around_medium" role="alert"><h1 class="slds-text-heading_medium slds-m-bottom_small">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`
  );
}

/** The platform's frontdoor URL: logs a browser in with an access token, then opens `retPath`. */
export function frontdoorUrl(instanceUrl: string, accessToken: string, retPath: string): string {
  return `${instanceUrl}/secur/frontdoor.jsp?sid=${encodeURIComponent(accessToken)}&retURL=${encodeURIComponent(retPath)}`;
}
