/**
 * Deploy phase "unzip and validate": the zip's entries under the folder of its package.xml, and the
 * package.xml itself (well formed, every type one source-deploy-retrieve's registry knows).
 */
import { registry } from '@salesforce/source-deploy-retrieve';
import { InvalidZipError, readZipEntries } from './zip-reader.js';
import type { DeployMessages } from './deploy-messages.js';
import { XmlSyntaxError, asArray, parseXml, text } from './xml.js';

const knownTypeNames = new Set(
  Object.values(registry.types).flatMap((t) => [t.name, ...Object.values(t.children?.types ?? {}).map((c) => c.name)])
);

/** The zip's files relative to its package.xml (as text and as bytes). @throws InvalidZipError */
export async function readDeployZip(
  zipData: Buffer
): Promise<{ files: Map<string, string>; raw: Map<string, Buffer>; root: string }> {
  const files = await readZipEntries(zipData);
  const pkg = [...files.keys()]
    .filter((p) => p === 'package.xml' || p.endsWith('/package.xml'))
    .sort((a, b) => a.length - b.length)[0];
  if (!pkg) throw new InvalidZipError('No package.xml found in the zip');
  const root = pkg.slice(0, -'package.xml'.length);
  const rel = new Map<string, string>();
  const raw = new Map<string, Buffer>();
  for (const [p, d] of files)
    if (p.startsWith(root)) {
      rel.set(p.slice(root.length), d.toString('utf8'));
      raw.set(p.slice(root.length), d);
    }
  return { files: rel, raw, root };
}

/** Reports a malformed package.xml or an unknown type in it; package.xml itself counts as deployed. */
export function validatePackageXml(xml: string, messages: DeployMessages): void {
  const where = { componentType: '', fullName: 'package.xml', fileName: 'package.xml' };
  try {
    const pkg = parseXml(xml).Package as Record<string, unknown> | undefined;
    if (!pkg) throw new XmlSyntaxError('the root element must be <Package>', 1, 1);
    for (const t of asArray(pkg.types as Record<string, unknown>[] | Record<string, unknown>)) {
      const name = text(t.name) ?? '';
      if (!knownTypeNames.has(name))
        messages.fail(
          {
            componentType: name,
            fullName: asArray(t.members as string[])
              .map(String)
              .join(', '),
            fileName: 'package.xml'
          },
          `Unknown type name '${name}' specified in package.xml`
        );
    }
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    messages.fail(where, `Error parsing file: ${e.message}`, { line: e.line, column: e.column });
  }
  messages.succeed(where);
}
