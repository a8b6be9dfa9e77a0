/**
 * What the console page serves, read from the org's deployed metadata only: a custom tab names a Lightning
 * page (FlexiPage) or a Lightning web component; a Lightning page lists component instances by
 * `namespace:name`; each component is a deployed LightningComponentBundle whose files were kept at deploy.
 * Nothing here knows a project's names.
 */
import { storedComponents } from '../metadata/files.js';
import { getMetadata, listMetadata } from '../metadata/registry.js';
import type { Store } from '../store/store.js';

/** The page cannot be served: `status` is the HTTP status of the answer. */
export class ConsolePageError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'ConsolePageError';
  }
}

export interface PageComponent {
  /** Module specifier, e.g. `c/myComponent`. */
  readonly specifier: string;
  /** Custom element name, e.g. `c-my-component`. */
  readonly tagName: string;
}

export interface ConsolePage {
  readonly tabName: string;
  readonly label: string;
  readonly components: readonly PageComponent[];
}

export interface DeployedBundle {
  readonly name: string;
  /** File name inside the bundle (`foo.js`, `foo.html`, `sub/util.js`) → text. */
  readonly files: ReadonlyMap<string, string>;
}

type Xml = Record<string, unknown>;

function list(v: unknown): Xml[] {
  if (Array.isArray(v)) return v.filter((x): x is Xml => typeof x === 'object' && x !== null);
  return typeof v === 'object' && v !== null ? [v as Xml] : [];
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `myFancyThing` → `my-fancy-thing` (LWC's rule for custom element names). */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function component(reference: string, where: string): PageComponent {
  const m = /^(\w+):(\w+)$/.exec(reference);
  if (!m)
    throw new ConsolePageError(`${where} refers to the component "${reference}", which is not a namespace:name`, 500);
  if (m[1] !== 'c')
    throw new ConsolePageError(
      `not supported by the local runtime: the component ${reference} of ${where} (only the default namespace c is served)`,
      501
    );
  return { specifier: `c/${m[2]}`, tagName: `c-${kebab(m[2])}` };
}

/** The components of a deployed Lightning page, region by region, in document order. */
function flexiPageComponents(
  store: Store,
  pageName: string,
  where: string
): { label: string; components: PageComponent[] } {
  const page = getMetadata(store, 'FlexiPage', pageName);
  if (!page) throw new ConsolePageError(`${where} opens the Lightning page ${pageName}, which is not deployed`, 404);
  const content = page.content as Xml;
  const components: PageComponent[] = [];
  for (const region of list(content.flexiPageRegions))
    for (const item of list(region.itemInstances)) {
      const instance = list(item.componentInstance)[0];
      const name = text(instance?.componentName);
      if (name) components.push(component(name, `the Lightning page ${pageName}`));
      else if (item.fieldInstance !== undefined)
        throw new ConsolePageError(
          `not supported by the local runtime: field instances on the Lightning page ${pageName}`,
          501
        );
    }
  return { label: text(content.masterLabel) ?? pageName, components };
}

/** Resolves `/lightning/n/<tabName>`: the tab's Lightning page or Lightning web component. */
export function resolveTab(store: Store, tabName: string): ConsolePage {
  const tab = getMetadata(store, 'CustomTab', tabName);
  if (!tab) throw new ConsolePageError(`No tab named ${tabName} is deployed to this org`, 404);
  const content = tab.content as Xml;
  const where = `the tab ${tabName}`;
  const label = text(content.label) ?? tabName;
  const pageName = text(content.flexiPage);
  if (pageName) {
    const page = flexiPageComponents(store, pageName, where);
    return { tabName, label, components: page.components };
  }
  const lwc = text(content.lwcComponent);
  if (lwc) return { tabName, label, components: [component(lwc.includes(':') ? lwc : `c:${lwc}`, where)] };
  throw new ConsolePageError(
    `not supported by the local runtime: ${where} is neither a Lightning page tab nor a Lightning component tab`,
    501
  );
}

/** The tabs the console can open (Lightning page and Lightning component tabs), by name. */
export function consoleTabs(store: Store): { name: string; label: string }[] {
  return listMetadata(store, 'CustomTab')
    .filter((t) => {
      const c = t.content as Xml;
      return text(c.flexiPage) !== undefined || text(c.lwcComponent) !== undefined;
    })
    .map((t) => ({ name: t.fullName, label: text((t.content as Xml).label) ?? t.fullName }));
}

/** Every deployed LightningComponentBundle with its files (as deployed, byte for byte). */
export function deployedBundles(store: Store): DeployedBundle[] {
  return storedComponents(store, 'LightningComponentBundle').map((b) => {
    const files = new Map<string, string>();
    const prefix = `lwc/${b.fullName}/`;
    for (const f of b.files)
      if (f.path.startsWith(prefix)) files.set(f.path.slice(prefix.length), f.data.toString('utf8'));
    return { name: b.fullName, files };
  });
}
