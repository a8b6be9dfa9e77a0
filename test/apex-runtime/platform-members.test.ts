/**
 * Documented platform members the runtime library lacks (src/local-org/apex/platform-members.ts) compile,
 * as they do in an org, and fail when run with "not supported by the local runtime: <what> at
 * <file>:<line>"; a method Apex does not have stays a compile error with the org's wording.
 */
import { expect } from 'chai';
import { run } from './helpers.js';

describe('apex library: documented members the local runtime does not model', () => {
  const notSupported: [string, string][] = [
    [
      "Boolean ok = Crypto.verifyHMac('hmacSHA256', Blob.valueOf('x'), Blob.valueOf('k'), Blob.valueOf('m'));",
      'Crypto.verifyHMac'
    ],
    ['Double d = Math.cbrt(8);', 'Math.cbrt'],
    ['Integer n = Limits.getLimitFindSimilarCalls();', 'Limits.getLimitFindSimilarCalls'],
    ['Database.emptyRecycleBin(new List<Id>());', 'Database.emptyRecycleBin'],
    ["String s = 'kitten';\nInteger d = s.getLevenshteinDistance('sitting');", 'String.getLevenshteinDistance'],
    [
      'SObjectAccessDecision d = Security.stripInaccessible(AccessType.READABLE, new List<Account>());',
      'Security.stripInaccessible'
    ]
  ];
  for (const [code, what] of notSupported) {
    it(`compiles ${what} and fails loudly when it runs`, () => {
      const r = run(`System.debug('before');\n${code}`);
      expect(r.compiled, String(r.compileProblem)).to.equal(true);
      expect(r.out).to.deep.equal(['before']);
      const line = code.split('\n').length + 1;
      expect(r.exceptionMessage).to.equal(`not supported by the local runtime: ${what} at AnonymousBlock:${line}`);
    });
  }

  const absent: [string, string][] = [
    ['Math.nope(1);', 'Method does not exist or incorrect signature: void nope(Integer) from the type Math'],
    [
      'Integer n = Limits.getNope();',
      'Method does not exist or incorrect signature: void getNope() from the type Limits'
    ],
    [
      "String s = 'a';\nString t = s.nope();",
      'Method does not exist or incorrect signature: void nope() from the type String'
    ],
    // getChars() exists without arguments; the library knows it, so its argument count is still checked
    [
      "String s = 'a';\ns.getChars(1);",
      'Method does not exist or incorrect signature: void getChars(Integer) from the type String'
    ]
  ];
  for (const [code, problem] of absent) {
    it(`rejects a method Apex does not have: ${problem}`, () => {
      const r = run(code);
      expect([r.compiled, r.compileProblem]).to.deep.equal([false, problem]);
    });
  }
});
