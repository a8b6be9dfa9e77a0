/** The credential header formula evaluator on its own: literals, concatenation, functions, errors. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { CredentialFormulaError, evaluateHeaderValue } from '../../src/local-org/org/credential-formulas.js';

const params: Record<string, string> = { 'Ec.Username': 'ann', 'Ec.Password': 'p:w', 'Ec.Key': 'k' };
const lookup = (ec: string, p: string): string | undefined => params[`${ec}.${p}`];
const ev = (value: string): string => evaluateHeaderValue(value, 'the custom header H', lookup);
const fails = (value: string): string => {
  try {
    ev(value);
  } catch (e) {
    expect(e).to.be.instanceOf(CredentialFormulaError);
    return (e as Error).message;
  }
  throw new Error(`expected ${value} to fail`);
};

describe('credential header formulas', () => {
  it('keeps plain text, evaluates each {!…} and concatenates with &', () => {
    expect(ev('plain value')).to.equal('plain value');
    expect(ev("{!'Token ' & $Credential.Ec.Key}")).to.equal('Token k');
    expect(ev('OAuth {!$Credential.Ec.Key}!')).to.equal('OAuth k!');
    expect(ev("{!'a}b' & \"c\\'d\"}")).to.equal("a}bc'd");
  });

  it('computes the documented functions: Basic auth, SHA-256 hash, base64 round trip', () => {
    expect(ev("{!'Basic ' & BASE64ENCODE(BLOB($Credential.Ec.Username & ':' & $Credential.Ec.Password))}")).to.equal(
      `Basic ${Buffer.from('ann:p:w').toString('base64')}`
    );
    expect(ev("{!HEX(HASH('SHA-256', BLOB($Credential.Ec.Username)))}")).to.equal(
      createHash('sha256').update('ann').digest('hex')
    );
    expect(ev("{!BASE64ENCODE(BASE64DECODE('aGk='))}")).to.equal('aGk=');
  });

  it('fails with specific messages: unknown parameter, type, arity, syntax, unsupported', () => {
    expect(fails('{!$Credential.Ec.Missing}')).to.equal('Field Ec.Missing does not exist. Check spelling.');
    expect(fails('{!$Credential.Other.Key}')).to.equal('Field Other.Key does not exist. Check spelling.');
    expect(fails("{!BLOB('x')}")).to.contain('Expected Text, received Blob');
    expect(fails("{!HEX('x')}")).to.contain('Expected Blob, received Text');
    expect(fails("{!HASH('MD5', BLOB('x'))}")).to.contain('only supported algorithm is SHA-256');
    expect(fails("{!HEX(BLOB('a'), BLOB('b'))}")).to.contain("Incorrect number of parameters for function 'HEX()'");
    expect(fails("{!'open}")).to.contain('Syntax error');
    expect(fails("{!'a' 'b'}")).to.contain('Syntax error');
    expect(fails('{!NOW()}')).to.equal('Unknown function NOW. Check spelling.');
    expect(fails("{!SIGN('RSA-SHA256', BLOB('x'), 'key')}")).to.match(
      /^not supported by the local runtime: the formula function SIGN/
    );
    expect(fails('{!$User.Email}')).to.match(/^not supported by the local runtime: the global variable \$User/);
    expect(fails('{!$Credential.OAuthToken}')).to.match(/^not supported by the local runtime/);
  });
});
