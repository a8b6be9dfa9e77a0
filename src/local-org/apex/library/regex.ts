/**
 * Pattern and Matcher over JavaScript regular expressions (Java regex syntax is close enough for the
 * common cases; constructs JS lacks, such as possessive quantifiers, raise a StringException).
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_pattern_and_matcher_pattern_methods.htm
 */
import type { Interpreter } from '../interpreter.js';
import { ApexList, ApexNative, typeRef, type Value } from '../values.js';
import { argInt, argString, defineStatic } from './registry.js';

function compile(it: Interpreter, source: string, flags = ''): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    return it.throwApex('StringException', `Invalid regex: ${(e as Error).message}`);
  }
}

function matcher(it: Interpreter, pattern: string, input: string): ApexNative {
  const global = compile(it, pattern, 'g');
  let last: RegExpExecArray | null = null;
  const need = (): RegExpExecArray => last ?? it.throwApex('StringException', 'No match found');
  const m: Record<string, (args: Value[]) => Value> = {
    matches: () => {
      const full = compile(it, `^(?:${pattern})$`).exec(input);
      last = full;
      return full !== null;
    },
    lookingat: () => {
      const r = compile(it, `^(?:${pattern})`).exec(input);
      last = r;
      return r !== null;
    },
    find: (args) => {
      if (args.length === 1) global.lastIndex = argInt(it, args[0]);
      const r = global.exec(input);
      if (r && r[0] === '') global.lastIndex++;
      last = r;
      return r !== null;
    },
    group: (args) => {
      const r = need();
      const i = args.length ? argInt(it, args[0]) : 0;
      if (i < 0 || i >= r.length) return it.throwApex('StringException', `No group ${i}`);
      return r[i] ?? null;
    },
    groupcount: () => compile(it, `${pattern}|`).exec('')!.length - 1,
    start: () => need().index,
    end: () => need().index + need()[0].length,
    replaceall: ([r]) => input.replace(global, argString(it, r).replace(/\$(\d)/g, '$$$1')),
    replacefirst: ([r]) => input.replace(compile(it, pattern), argString(it, r).replace(/\$(\d)/g, '$$$1')),
    reset: () => {
      global.lastIndex = 0;
      last = null;
      return null;
    },
    hitend: () => global.lastIndex >= input.length,
    pattern: () => patternObject(it, pattern)
  };
  return new ApexNative('System.Matcher', m, 'System.Matcher');
}

function patternObject(it: Interpreter, source: string): ApexNative {
  compile(it, source);
  return new ApexNative(
    'System.Pattern',
    {
      matcher: ([s]) => matcher(it, source, argString(it, s)),
      pattern: () => source,
      split: ([s]) => {
        const parts = argString(it, s).split(compile(it, source));
        while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
        return new ApexList(typeRef('String'), parts);
      }
    },
    source
  );
}

defineStatic('Pattern', {
  compile: [1, (it, [p]) => patternObject(it, argString(it, p))],
  matches: [2, (it, [p, s]) => compile(it, `^(?:${argString(it, p)})$`).test(argString(it, s))],
  quote: [1, (it, [s]) => argString(it, s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')]
});
