/**
 * Dom.Document and Dom.XmlNode, reading side: `new Dom.Document()`, `load(xml)`, `getRootElement()`, and
 * the XmlNode getters (name, namespace, prefix, attributes, children, child elements, text, parent,
 * node type, namespace lookups). The building members (createRootElement, addChildElement, setAttribute,
 * toXmlString, …) are not implemented: they fail loudly as "not supported by the local runtime".
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_xml_dom_document.htm
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_xml_dom_xmlnode.htm
 */
import type { Interpreter } from '../../interpreter.js';
import { enumValues } from '../../members.js';
import { defineNativeConstructor } from '../../native-constructors.js';
import { BUILTIN_ENUMS } from '../../types.js';
import { ApexList, ApexNative, typeRef, type Value } from '../../values.js';
import { argInt, argString } from '../registry.js';
import { parseXml, XmlSyntaxError, type XmlChild, type XmlElement } from './parse.js';

export const XML_NODE_TYPE = 'Dom.XmlNodeType';

/** "Failed to parse XML due to: …" is how an org prefixes Dom.Document.load errors; the detail is local. */
export function xmlParseError(it: Interpreter, e: unknown): never {
  if (e instanceof XmlSyntaxError) return it.throwApex('XmlException', `Failed to parse XML due to: ${e.message}`);
  throw e;
}

function nodeType(kind: XmlChild['kind']): Value {
  const names = BUILTIN_ENUMS.get(XML_NODE_TYPE)!;
  const name = kind === 'element' ? 'ELEMENT' : kind === 'text' ? 'TEXT' : 'COMMENT';
  return enumValues(XML_NODE_TYPE, names)[names.indexOf(name)];
}

function optString(it: Interpreter, v: Value | undefined): string | null {
  return v === null || v === undefined ? null : argString(it, v);
}

const cache = new WeakMap<XmlChild, ApexNative>();

function building(it: Interpreter, member: string): () => Value {
  return () => it.throwUnsupported(`Dom.XmlNode.${member} (building XML documents)`);
}

/** The Apex value of one node; the same node always gives the same value. */
export function xmlNode(it: Interpreter, node: XmlChild): ApexNative {
  const known = cache.get(node);
  if (known) return known;
  const el = node.kind === 'element' ? node : null;
  const elements = (): XmlElement[] => (el ? (el.children.filter((c) => c.kind === 'element') as XmlElement[]) : []);
  const attr = (key: Value, ns: Value | undefined): string | null => {
    const k = argString(it, key);
    const n = optString(it, ns);
    return el?.attributes.find((a) => a.name === k && (a.namespace ?? null) === n)?.value ?? null;
  };
  const lookupNs = (prefix: string): string | null => {
    for (let e: XmlElement | null = el ?? node.parent; e; e = e.parent) {
      const uri = e.declared.get(prefix);
      if (uri !== undefined) return uri === '' ? null : uri;
    }
    return null;
  };
  const m: Record<string, (args: Value[]) => Value> = {
    getname: () => (el ? el.name : null),
    getnamespace: () => el?.namespace ?? null,
    getprefix: () => el?.prefix ?? null,
    getnodetype: () => nodeType(node.kind),
    gettext: () => {
      if (node.kind !== 'element') return node.text;
      return node.children.map((c) => (c.kind === 'text' ? c.text : '')).join('');
    },
    getparent: () => (node.parent ? xmlNode(it, node.parent) : null),
    getattribute: ([key, ns]) => attr(key, ns),
    getattributevalue: ([key, ns]) => attr(key, ns),
    getattributecount: () => el?.attributes.length ?? 0,
    getattributekeyat: ([i]) =>
      el?.attributes[argInt(it, i)]?.name ??
      it.throwApex('ListException', `List index out of bounds: ${argInt(it, i)}`),
    getattributekeynsat: ([i]) => {
      const a = el?.attributes[argInt(it, i)];
      if (!a) return it.throwApex('ListException', `List index out of bounds: ${argInt(it, i)}`);
      return a.namespace;
    },
    getchildelement: ([name, ns]) => {
      const n = argString(it, name);
      const uri = optString(it, ns);
      const hit = elements().find((c) => c.name === n && (c.namespace ?? null) === uri);
      return hit ? xmlNode(it, hit) : null;
    },
    getchildelements: () =>
      new ApexList(
        typeRef('Dom.XmlNode'),
        elements().map((c) => xmlNode(it, c))
      ),
    getchildren: () =>
      new ApexList(
        typeRef('Dom.XmlNode'),
        (el?.children ?? []).map((c) => xmlNode(it, c))
      ),
    getnamespacefor: ([prefix]) => lookupNs(argString(it, prefix)),
    getprefixfor: ([ns]) => {
      const uri = argString(it, ns);
      for (let e: XmlElement | null = el ?? node.parent; e; e = e.parent)
        for (const [p, u] of e.declared) if (u === uri) return p;
      return null;
    },
    tostring: () => `XmlNode[${node.kind === 'element' ? 'ELEMENT' : node.kind.toUpperCase()}]`
  };
  for (const member of [
    'addChildElement',
    'addCommentNode',
    'addTextNode',
    'setAttribute',
    'setAttributeNs',
    'setNamespace',
    'removeAttribute',
    'removeChild',
    'insertBefore'
  ])
    m[member.toLowerCase()] = building(it, member);
  const value = new ApexNative('Dom.XmlNode', m, 'Dom.XmlNode');
  cache.set(node, value);
  return value;
}

function document(it: Interpreter): ApexNative {
  let root: XmlElement | null = null;
  const m: Record<string, (args: Value[]) => Value> = {
    load: ([xml]) => {
      try {
        root = parseXml(argString(it, xml));
      } catch (e) {
        return xmlParseError(it, e);
      }
      return null;
    },
    getrootelement: () => (root ? xmlNode(it, root) : null),
    createrootelement: () => it.throwUnsupported('Dom.Document.createRootElement (building XML documents)'),
    toxmlstring: () => it.throwUnsupported('Dom.Document.toXmlString (writing XML documents)'),
    tostring: () => 'Dom.Document'
  };
  return new ApexNative('Dom.Document', m, 'Dom.Document');
}

defineNativeConstructor('Dom.Document', (it) => document(it));
