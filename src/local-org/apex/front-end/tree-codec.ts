/**
 * A parse tree of @apexdevtools/apex-parser as plain numbers, and back (the on-disk parse cache,
 * `parse-cache.ts`, stores these). The rebuilt tree is made of the parser's own classes — the same
 * rule-context subclasses, terminal nodes and tokens, with the same fields (type, character offsets,
 * line, column, text, parent links, start/stop tokens) — so every consumer reads it as it reads a tree
 * the parser built. What a rebuilt tree lacks: the `parser` back-reference of each context and the
 * tokens' input stream (no consumer reads either; a token's text is stored on it).
 *
 * Encoding (all numbers, pre-order):
 * - tokens: 6 numbers each — tokenIndex, type, start, stop, line, column (channel is always the default);
 *   a token's text is the source's characters start..stop unless listed in `texts` (EOF's `<EOF>`).
 * - nodes: a rule context is `classIndex, invokingState, startToken, stopToken, childCount` followed by
 *   its children; a terminal node is `-1 - token, invokingState`.
 * `encodeTree` answers undefined for a tree it cannot represent exactly (an error node, a context of a
 * class it does not know, an unexpected token field): such a tree is simply not cached.
 */
import * as apexParser from '@apexdevtools/apex-parser';
import { ApexParserFactory, CompilationUnitContext } from '@apexdevtools/apex-parser';

/** Bump when the encoding changes (it is part of the cache key). */
export const TREE_CODEC_VERSION = 1;

export interface EncodedTree {
  readonly classes: string[];
  readonly tokens: number[];
  readonly texts: Record<string, string>;
  readonly nodes: number[];
}

type Ctor = new (...args: never[]) => object;

interface TokenLike {
  type: number;
  channel: number;
  start: number;
  stop: number;
  tokenIndex: number;
  line: number;
  column: number;
  text: string;
  _text: string | null;
}

interface NodeLike {
  parentCtx: NodeLike | null;
  invokingState: number;
  children?: NodeLike[] | null;
  start?: TokenLike | null;
  stop?: TokenLike | null;
  exception?: unknown;
  symbol?: TokenLike;
}

/** The rule-context classes the parser exports, by export name, and the reverse. */
const contextClasses = new Map<string, Ctor>();
const contextNames = new Map<unknown, string>();
for (const [name, value] of Object.entries(apexParser)) {
  if (name.endsWith('Context') && typeof value === 'function') {
    contextClasses.set(name, value as Ctor);
    contextNames.set(value, name);
  }
}

/** The parser's token and terminal-node classes, taken from instances (antlr4 is not a direct dependency). */
let runtimeClasses: { token: Ctor; terminal: Ctor } | undefined;
function antlrClasses(): { token: Ctor; terminal: Ctor } {
  if (runtimeClasses) return runtimeClasses;
  const token = ApexParserFactory.createLexer('a').nextToken() as unknown as object;
  const holder = new CompilationUnitContext(undefined as never, undefined, undefined) as unknown as {
    addTokenNode(t: unknown): object; // ParserRuleContext's, missing from antlr4's typings
  };
  const terminal = holder.addTokenNode(token);
  runtimeClasses = { token: token.constructor as Ctor, terminal: terminal.constructor as Ctor };
  return runtimeClasses;
}

const TOKEN_FIELDS = 'source,type,channel,start,stop,tokenIndex,line,column,_text';

/** The tree as numbers, or undefined when it holds anything the encoding cannot rebuild exactly. */
export function encodeTree(tree: object, source: string): EncodedTree | undefined {
  const { token: tokenClass, terminal: terminalClass } = antlrClasses();
  const classes: string[] = [];
  const classIndex = new Map<string, number>();
  const tokens: number[] = [];
  const texts: Record<string, string> = {};
  const tokenRef = new Map<TokenLike, number>();
  const nodes: number[] = [];
  const refOf = (t: TokenLike | null | undefined): number | undefined => {
    if (t === null || t === undefined) return -1;
    const known = tokenRef.get(t);
    if (known !== undefined) return known;
    if (t.constructor !== tokenClass || Object.keys(t).join(',') !== TOKEN_FIELDS || t.channel !== 0) return undefined;
    const ref = tokenRef.size;
    tokenRef.set(t, ref);
    tokens.push(t.tokenIndex, t.type, t.start, t.stop, t.line, t.column);
    if (t.text !== source.slice(t.start, t.stop + 1)) texts[ref] = t.text;
    return ref;
  };
  const visit = (n: NodeLike): boolean => {
    if (n.constructor === terminalClass) {
      const ref = refOf(n.symbol);
      if (ref === undefined || ref < 0) return false;
      nodes.push(-1 - ref, n.invokingState);
      return true;
    }
    const name = contextNames.get(n.constructor);
    if (name === undefined || (n.exception !== null && n.exception !== undefined)) return false;
    let ci = classIndex.get(name);
    if (ci === undefined) {
      ci = classes.length;
      classes.push(name);
      classIndex.set(name, ci);
    }
    const start = refOf(n.start);
    const stop = refOf(n.stop);
    if (start === undefined || stop === undefined) return false;
    const children = n.children ?? [];
    nodes.push(ci, n.invokingState, start, stop, children.length);
    for (const c of children) if (c.parentCtx !== n || !visit(c)) return false;
    return true;
  };
  return visit(tree as NodeLike) ? { classes, tokens, texts, nodes } : undefined;
}

/** Rebuilds the tree `encodeTree` encoded from this source; throws on an encoding that does not fit. */
export function decodeTree(encoded: EncodedTree, source: string): object {
  const { token: TokenClass, terminal: TerminalClass } = antlrClasses();
  const ctors = encoded.classes.map((name) => {
    const c = contextClasses.get(name);
    if (!c) throw new Error(`unknown parse-tree class ${name}`);
    return c;
  });
  const t = encoded.tokens;
  const tokens: TokenLike[] = [];
  for (let i = 0, ref = 0; i < t.length; i += 6, ref++) {
    const token = new (
      TokenClass as unknown as new (
        s: undefined,
        type: number,
        channel: number,
        start: number,
        stop: number
      ) => TokenLike
    )(undefined, t[i + 1], 0, t[i + 2], t[i + 3]);
    token.tokenIndex = t[i];
    token.line = t[i + 4];
    token.column = t[i + 5];
    token._text = encoded.texts[ref] ?? source.slice(t[i + 2], t[i + 3] + 1);
    tokens.push(token);
  }
  const nodes = encoded.nodes;
  let at = 0;
  const build = (parent: NodeLike | null): NodeLike => {
    const head = nodes[at++];
    if (head < 0) {
      const terminal = new (TerminalClass as unknown as new (t: TokenLike) => NodeLike)(tokens[-1 - head]);
      terminal.parentCtx = parent;
      terminal.invokingState = nodes[at++];
      return terminal;
    }
    const Cls = ctors[head];
    const invokingState = nodes[at++];
    const start = nodes[at++];
    const stop = nodes[at++];
    const count = nodes[at++];
    // Rule contexts take (parser, parent, invokingState); labelled alternatives (parser, ctx) and copy
    // the parent, invoking state and tokens from ctx — the generated constructors' two shapes.
    const ctx = (
      Cls.length === 2
        ? new (Cls as unknown as new (p: null, c: object) => NodeLike)(null, {
            parentCtx: parent,
            invokingState,
            start: null,
            stop: null,
            children: null
          })
        : new (Cls as unknown as new (p: null, parent: NodeLike | null, s: number) => NodeLike)(
            null,
            parent,
            invokingState
          )
    ) as NodeLike;
    ctx.start = start < 0 ? null : tokens[start];
    ctx.stop = stop < 0 ? null : tokens[stop];
    if (count > 0) {
      const children: NodeLike[] = [];
      for (let i = 0; i < count; i++) children.push(build(ctx));
      ctx.children = children;
    }
    return ctx;
  };
  const root = build(null);
  if (at !== nodes.length) throw new Error('parse-tree encoding has trailing nodes');
  return root;
}
