/**
 * Crypto signing and AES encryption on node:crypto ("Crypto Class",
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_restful_crypto.htm):
 * sign/verify with RSA (PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys, both DER in a Blob),
 * encrypt/decrypt with AES128/AES192/AES256 in CBC mode with PKCS5 padding, the …WithManagedIV forms
 * putting a random 16-byte IV before the cipher text, and generateAesKey.
 */
import { createCipheriv, createDecipheriv, randomBytes, sign, verify } from 'node:crypto';
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Interpreter } from '../interpreter.js';
import type { Value } from '../values.js';
import { blob, blobBytes } from './encoding.js';
import { argInt, argString, defineStatic } from './registry.js';

const SIGNATURES: Record<string, string> = {
  rsa: 'sha1',
  'rsa-sha1': 'sha1',
  'rsa-sha256': 'sha256',
  'rsa-sha384': 'sha384',
  'rsa-sha512': 'sha512'
};
const AES_BYTES: Record<string, number> = { aes128: 16, aes192: 24, aes256: 32 };

function signatureHash(it: Interpreter, alg: Value, ctx: ParserRuleContext): string {
  const h = SIGNATURES[argString(it, alg).toLowerCase()];
  return h ?? it.unsupported(`Crypto signature algorithm ${argString(it, alg)}`, ctx);
}

/** The AES key after the checks an org makes (wordings unverified). */
function aes(it: Interpreter, alg: Value, key: Value, ctx: ParserRuleContext): { cipher: string; key: Buffer } {
  const name = argString(it, alg).toLowerCase();
  const size = AES_BYTES[name];
  if (!size) return it.unsupported(`Crypto algorithm ${argString(it, alg)}`, ctx);
  const k = blobBytes(it, key);
  if (k.length !== size)
    return it.throwApex('InvalidParameterValueException', `Invalid private key. Must be ${size} bytes.`);
  return { cipher: `aes-${size * 8}-cbc`, key: k };
}

function iv(it: Interpreter, v: Buffer): Buffer {
  if (v.length !== 16)
    return it.throwApex('InvalidParameterValueException', 'Invalid initialization vector. Must be 16 bytes.');
  return v;
}

function encrypt(
  it: Interpreter,
  alg: Value,
  key: Value,
  vector: Buffer,
  clear: Value,
  ctx: ParserRuleContext
): Buffer {
  const a = aes(it, alg, key, ctx);
  const c = createCipheriv(a.cipher, a.key, iv(it, vector));
  return Buffer.concat([c.update(blobBytes(it, clear)), c.final()]);
}

function decrypt(
  it: Interpreter,
  alg: Value,
  key: Value,
  vector: Buffer,
  data: Buffer,
  ctx: ParserRuleContext
): Buffer {
  const a = aes(it, alg, key, ctx);
  const d = createDecipheriv(a.cipher, a.key, iv(it, vector));
  try {
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    // Wrong key or damaged data: the padding does not check out (wording unverified).
    return it.throwApex('SecurityException', 'Given final block not properly padded');
  }
}

function keyError(it: Interpreter, kind: string): never {
  return it.throwApex('SecurityException', `Invalid ${kind} key`); // wording unverified
}

defineStatic('Crypto', {
  sign: [
    3,
    (it, [alg, input, privateKey], ctx) => {
      const hash = signatureHash(it, alg, ctx);
      try {
        return blob(sign(hash, blobBytes(it, input), { key: blobBytes(it, privateKey), format: 'der', type: 'pkcs8' }));
      } catch (e) {
        if (e instanceof TypeError) throw e;
        return keyError(it, 'private');
      }
    }
  ],
  verify: [
    4,
    (it, [alg, data, signature, publicKey], ctx) => {
      const hash = signatureHash(it, alg, ctx);
      try {
        return verify(
          hash,
          blobBytes(it, data),
          { key: blobBytes(it, publicKey), format: 'der', type: 'spki' },
          blobBytes(it, signature)
        );
      } catch (e) {
        if (e instanceof TypeError) throw e;
        return keyError(it, 'public');
      }
    }
  ],
  encrypt: [4, (it, [alg, key, vector, clear], ctx) => blob(encrypt(it, alg, key, blobBytes(it, vector), clear, ctx))],
  decrypt: [
    4,
    (it, [alg, key, vector, data], ctx) => blob(decrypt(it, alg, key, blobBytes(it, vector), blobBytes(it, data), ctx))
  ],
  encryptWithManagedIV: [
    3,
    (it, [alg, key, clear], ctx) => {
      const vector = randomBytes(16);
      return blob(Buffer.concat([vector, encrypt(it, alg, key, vector, clear, ctx)]));
    }
  ],
  decryptWithManagedIV: [
    3,
    (it, [alg, key, data], ctx) => {
      const all = blobBytes(it, data);
      return blob(decrypt(it, alg, key, all.subarray(0, 16), all.subarray(16), ctx));
    }
  ],
  generateAesKey: [
    1,
    (it, [size], ctx) => {
      const bits = argInt(it, size);
      if (![128, 192, 256].includes(bits)) return it.unsupported(`Crypto.generateAesKey(${bits})`, ctx);
      return blob(randomBytes(bits / 8));
    }
  ]
});
