/**
 * XmlStreamReader: `new XmlStreamReader(xml)`, then `next()` / `hasNext()` / `nextTag()` over the StAX
 * events START_DOCUMENT, START_ELEMENT, CHARACTERS, CDATA, COMMENT, END_ELEMENT, END_DOCUMENT, with the
 * event's local name, namespace, prefix, attributes and text.
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_xml_XmlStream_reader.htm
 * Known differences: the document is parsed whole when the reader is created, so a malformed document
 * raises its XmlException on the first `next()` (an org delivers the events before the error first);
 * text is always coalesced into one CHARACTERS event per text run (as with `setCoalescing(true)`).
 */
import type { Interpreter } from '../../interpreter.js';
import { enumValues } from '../../members.js';
import { defineNativeConstructor } from '../../native-constructors.js';
import { BUILTIN_ENUMS } from '../../types.js';
import { ApexNative, type Value } from '../../values.js';
import { argBool, argInt, argString } from '../registry.js';
import { xmlParseError } from './dom.js';
import { parseXml, type XmlAttr, type XmlElement } from './parse.js';

export const XML_TAG = 'System.XmlTag';

/** javax.xml.stream.XMLStreamConstants: what `next()` returns. */
const EVENT_CODES: Record<string, number> = {
  START_ELEMENT: 1,
  END_ELEMENT: 2,
  PROCESSING_INSTRUCTION: 3,
  CHARACTERS: 4,
  COMMENT: 5,
  SPACE: 6,
  START_DOCUMENT: 7,
  END_DOCUMENT: 8,
  CDATA: 12
};

interface XmlEvent {
  type: 'START_DOCUMENT' | 'START_ELEMENT' | 'END_ELEMENT' | 'CHARACTERS' | 'CDATA' | 'COMMENT' | 'END_DOCUMENT';
  element?: XmlElement;
  text?: string;
}

function events(root: XmlElement): XmlEvent[] {
  const out: XmlEvent[] = [{ type: 'START_DOCUMENT' }];
  const walk = (el: XmlElement): void => {
    out.push({ type: 'START_ELEMENT', element: el });
    for (const c of el.children) {
      if (c.kind === 'element') walk(c);
      else if (c.kind === 'comment') out.push({ type: 'COMMENT', text: c.text });
      else out.push({ type: c.cdata ? 'CDATA' : 'CHARACTERS', text: c.text });
    }
    out.push({ type: 'END_ELEMENT', element: el });
  };
  walk(root);
  out.push({ type: 'END_DOCUMENT' });
  return out;
}

function reader(it: Interpreter, xml: string): ApexNative {
  let list: XmlEvent[] | null = null;
  let failure: unknown = null;
  try {
    list = events(parseXml(xml));
  } catch (e) {
    failure = e;
  }
  let index = 0;
  const current = (): XmlEvent => (list ? list[index] : { type: 'START_DOCUMENT' });
  const tag = (type: string): Value => {
    const names = BUILTIN_ENUMS.get(XML_TAG)!;
    return enumValues(XML_TAG, names)[names.indexOf(type)];
  };
  const element = (what: string): XmlElement => {
    const e = current();
    if (e.type !== 'START_ELEMENT' && e.type !== 'END_ELEMENT')
      return it.throwApex('XmlException', `${what}: current event is ${e.type}, not START_ELEMENT or END_ELEMENT`);
    return e.element!;
  };
  const attribute = (i: Value): XmlAttr => {
    const el = element('getAttribute');
    const n = argInt(it, i);
    if (current().type !== 'START_ELEMENT' || n < 0 || n >= el.attributes.length)
      return it.throwApex('XmlException', `No attribute at index ${n}`);
    return el.attributes[n];
  };
  const advance = (): number => {
    if (failure) return xmlParseError(it, failure);
    if (index >= list!.length - 1) return it.throwApex('XmlException', 'No more events: END_DOCUMENT was reached');
    index++;
    return EVENT_CODES[current().type];
  };
  const isWhitespace = (): boolean => {
    const e = current();
    return (e.type === 'CHARACTERS' || e.type === 'CDATA') && /^\s*$/.test(e.text ?? '');
  };
  const m: Record<string, (args: Value[]) => Value> = {
    next: () => advance(),
    hasnext: () => failure !== null || index < list!.length - 1,
    nexttag: () => {
      for (;;) {
        advance();
        const e = current();
        if (e.type === 'START_ELEMENT' || e.type === 'END_ELEMENT') return EVENT_CODES[e.type];
        if (e.type === 'COMMENT' || isWhitespace()) continue;
        return it.throwApex('XmlException', `nextTag: found ${e.type} with non-whitespace text before a tag`);
      }
    },
    geteventtype: () => tag(current().type),
    getlocalname: () => element('getLocalName').name,
    getnamespace: () => element('getNamespace').namespace,
    getprefix: () => element('getPrefix').prefix,
    gettext: () => {
      const e = current();
      if (e.text === undefined) return it.throwApex('XmlException', `getText: current event ${e.type} has no text`);
      return e.text;
    },
    hastext: () => current().text !== undefined,
    hasname: () => current().type === 'START_ELEMENT' || current().type === 'END_ELEMENT',
    isstartelement: () => current().type === 'START_ELEMENT',
    isendelement: () => current().type === 'END_ELEMENT',
    ischaracters: () => current().type === 'CHARACTERS',
    iswhitespace: () => isWhitespace(),
    getattributecount: () => {
      if (current().type !== 'START_ELEMENT')
        return it.throwApex('XmlException', `getAttributeCount: current event is ${current().type}, not START_ELEMENT`);
      return current().element!.attributes.length;
    },
    getattributelocalname: ([i]) => attribute(i).name,
    getattributenamespace: ([i]) => attribute(i).namespace,
    getattributeprefix: ([i]) => attribute(i).prefix,
    getattributevalueat: ([i]) => attribute(i).value,
    getattributetype: () => 'CDATA',
    getattributevalue: ([ns, localName]) => {
      const el = element('getAttributeValue');
      if (current().type !== 'START_ELEMENT')
        return it.throwApex('XmlException', 'getAttributeValue: current event is not START_ELEMENT');
      const uri = ns === null ? null : argString(it, ns);
      const name = argString(it, localName);
      // As StAX: a null namespace matches the local name in any namespace.
      return el.attributes.find((a) => a.name === name && (uri === null || a.namespace === uri))?.value ?? null;
    },
    getnamespacecount: () => element('getNamespaceCount').declared.size,
    getnamespaceuri: ([prefix]) => {
      const p = prefix === null ? '' : argString(it, prefix);
      for (let e: XmlElement | null = element('getNamespaceURI'); e; e = e.parent) {
        const uri = e.declared.get(p);
        if (uri !== undefined) return uri === '' ? null : uri;
      }
      return null;
    },
    setcoalescing: ([v]) => (argBool(it, v), null),
    setnamespaceaware: ([v]) => {
      if (!argBool(it, v)) return it.throwUnsupported('XmlStreamReader.setNamespaceAware(false)');
      return null;
    },
    getlocation: () => it.throwUnsupported('XmlStreamReader.getLocation'),
    getpitarget: () => it.throwUnsupported('XmlStreamReader.getPITarget (processing instructions are skipped)'),
    getpidata: () => it.throwUnsupported('XmlStreamReader.getPIData (processing instructions are skipped)'),
    getversion: () => it.throwUnsupported('XmlStreamReader.getVersion'),
    isstandalone: () => it.throwUnsupported('XmlStreamReader.isStandalone'),
    tostring: () => `XmlStreamReader[${current().type}]`
  };
  return new ApexNative('System.XmlStreamReader', m, 'System.XmlStreamReader');
}

defineNativeConstructor('System.XmlStreamReader', (it, [xml]) => {
  if (xml === null || xml === undefined) return it.npe();
  return reader(it, argString(it, xml));
});
