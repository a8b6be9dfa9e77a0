/** JSON.createGenerator: the streaming JSONGenerator, built on the same node writer as JSON.serialize. */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from '../interpreter.js';
import { writeJson, type JsonNode } from '../json-text.js';
import { ApexNative, type Value } from '../values.js';
import { toNode } from './json.js';
import { argString, defineStatic } from './registry.js';

type Frame =
  | { kind: 'obj'; node: Extract<JsonNode, { t: 'obj' }>; field: string | null }
  | { kind: 'arr'; node: Extract<JsonNode, { t: 'arr' }> };

function generator(it: Interpreter, pretty: boolean, ctx: ParserRuleContext): ApexNative {
  const stack: Frame[] = [];
  let root: JsonNode | null = null;
  const fail = (msg: string): never => it.throwApex('JSONException', msg);
  const put = (n: JsonNode): null => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (root) fail('Can not write a value: the root value is already written');
      root = n;
    } else if (top.kind === 'arr') top.node.items.push(n);
    else {
      if (top.field === null) fail('Can not write a value, expecting field name');
      top.node.entries.push([top.field!, n]);
      top.field = null;
    }
    return null;
  };
  const field = (name: Value): void => {
    const top = stack[stack.length - 1];
    if (!top || top.kind !== 'obj') fail('Can not write a field name, expecting a value');
    (top as Extract<Frame, { kind: 'obj' }>).field = argString(it, name);
  };
  const value = (v: Value): JsonNode => toNode(it, v, false, ctx);
  const m: Record<string, (args: Value[]) => Value> = {
    writestartobject: () => {
      const node: Extract<JsonNode, { t: 'obj' }> = { t: 'obj', entries: [] };
      put(node);
      stack.push({ kind: 'obj', node, field: null });
      return null;
    },
    writeendobject: () => (stack.pop()?.kind === 'obj' ? null : fail('Current context not Object but Array')),
    writestartarray: () => {
      const node: Extract<JsonNode, { t: 'arr' }> = { t: 'arr', items: [] };
      put(node);
      stack.push({ kind: 'arr', node });
      return null;
    },
    writeendarray: () => (stack.pop()?.kind === 'arr' ? null : fail('Current context not Array but Object')),
    writefieldname: ([n]) => (field(n), null),
    writestring: ([v]) => put(value(v)),
    writenumber: ([v]) => put(value(v)),
    writeboolean: ([v]) => put(value(v)),
    writenull: () => put({ t: 'null' }),
    writedate: ([v]) => put(value(v)),
    writedatetime: ([v]) => put(value(v)),
    writetime: ([v]) => put(value(v)),
    writeid: ([v]) => put(value(v)),
    writeobject: ([v]) => put(value(v)),
    getasstring: () => (root ? writeJson(root, pretty) : ''),
    close: () => null,
    isclosed: () => false
  };
  for (const kind of ['String', 'Number', 'Boolean', 'Date', 'Datetime', 'Time', 'Id', 'Object', 'Blob']) {
    m[`write${kind.toLowerCase()}field`] = ([n, v]) => {
      field(n);
      return put(value(v));
    };
  }
  m.writenullfield = ([n]) => {
    field(n);
    return put({ t: 'null' });
  };
  return new ApexNative('System.JSONGenerator', m, 'System.JSONGenerator');
}

defineStatic('JSON', {
  createGenerator: [1, (it, [pretty], ctx) => generator(it, pretty === true, ctx)]
});
