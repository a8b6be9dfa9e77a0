/**
 * The icon libraries of lightning-base-components (`lightning/iconSvgTemplates<Category>`) hold every SLDS
 * icon of a category as a compiled template: thousands of templates that make a page build take minutes.
 * A page gets the same modules restricted to the icons that its sources name (`utility:close`, also in the
 * base components' own sources, plus the toast variants that lightning/toast builds at run time). An icon
 * named only at run time in some other way renders empty, as an unknown icon does on the platform.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const LBC_DIR = join(
  dirname(createRequire(import.meta.url).resolve('lightning-base-components/package.json')),
  'src',
  'lightning'
);
const CATEGORIES = ['utility', 'standard', 'action', 'doctype', 'custom'] as const;
const ICON_NAME = /\b(utility|standard|action|doctype|custom):([a-z][a-z0-9_]*)\b/g;
/** lightning/toast shows `utility:<variant>`. */
const RUNTIME_NAMES = ['utility:info', 'utility:success', 'utility:warning', 'utility:error'];
const LIBRARY = /^lightning\/iconSvgTemplates(Utility|Standard|Action|Doctype|Custom)(Rtl)?$/;

export const ICON_LIBRARY_PREFIX = '\0local-org-icons:';

function scan(text: string, into: Set<string>): void {
  for (const m of text.matchAll(ICON_NAME)) into.add(`${m[1]}:${m[2]}`);
}

function walk(dir: string, into: Set<string>): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('iconSvgTemplates')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, into);
    else if (name.endsWith('.js') || name.endsWith('.html')) scan(readFileSync(path, 'utf8'), into);
  }
}

/** Icon names used by the base components themselves (read once). */
export class IconIndex {
  private baseNames: Set<string> | null = null;

  private base(): Set<string> {
    if (!this.baseNames) {
      const names = new Set<string>(RUNTIME_NAMES);
      walk(LBC_DIR, names);
      this.baseNames = names;
    }
    return this.baseNames;
  }

  /** The icons a page needs, by category: those its deployed sources and the base components name. */
  namesFor(sources: Iterable<string>): Map<string, string[]> {
    const names = new Set(this.base());
    for (const s of sources) scan(s, names);
    const out = new Map<string, string[]>(CATEGORIES.map((c) => [c, []]));
    for (const n of [...names].sort()) {
      const [category, icon] = n.split(':');
      if (existsSync(templatePath(category, icon))) out.get(category)!.push(icon);
    }
    return out;
  }
}

function capitalized(category: string): string {
  return category[0].toUpperCase() + category.slice(1);
}

function templatePath(category: string, icon: string): string {
  return join(LBC_DIR, `iconSvgTemplates${capitalized(category)}`, 'buildTemplates', category, `${icon}.html`);
}

/** The category of `lightning/iconSvgTemplates<Category>[Rtl]`, or null for another module. */
export function iconLibraryCategory(source: string): string | null {
  const m = LIBRARY.exec(source);
  return m ? m[1].toLowerCase() : null;
}

/**
 * The module that stands for a category's library: the same export (an object of `<category>_<icon>`
 * templates), restricted to `icons`. Right-to-left pages get the left-to-right templates.
 */
export function iconLibrarySource(category: string, icons: readonly string[]): string {
  const lines = icons.map((icon, i) => `import icon${i} from ${JSON.stringify(templatePath(category, icon))};`);
  lines.push(
    `export default { ${icons.map((icon, i) => `${JSON.stringify(`${category}_${icon}`)}: icon${i}`).join(', ')} };`
  );
  return lines.join('\n') + '\n';
}
