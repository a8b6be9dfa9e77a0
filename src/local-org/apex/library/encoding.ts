/** Blob, EncodingUtil and the Crypto digests, MACs and random numbers (node:crypto). */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Interpreter } from '../interpreter.js';
import { ApexNative, type Value } from '../values.js';
import { argString, defineStatic, sdef } from './registry.js';

const bytesOf = new WeakMap<ApexNative, Buffer>();

export function blob(bytes: Buffer): ApexNative {
  const b = new ApexNative(
    'System.Blob',
    {
      tostring: () => bytes.toString('utf8'),
      size: () => bytes.length
    },
    `Blob[${bytes.length}]`
  );
  bytesOf.set(b, bytes);
  return b;
}

function bytes(it: Interpreter, v: Value): Buffer {
  if (v === null) return it.npe();
  const b = v instanceof ApexNative ? bytesOf.get(v) : undefined;
  if (!b) throw new TypeError('expected a Blob');
  return b;
}

/** java.net.URLEncoder: unreserved characters kept, spaces as '+'. */
function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

defineStatic('Blob', {
  valueOf: sdef(1, (it, [s]) => blob(Buffer.from(argString(it, s), 'utf8')))
});

defineStatic('EncodingUtil', {
  base64Encode: [1, (it, [b]) => bytes(it, b).toString('base64')],
  base64Decode: [1, (it, [s]) => blob(Buffer.from(argString(it, s), 'base64'))],
  convertToHex: [1, (it, [b]) => bytes(it, b).toString('hex')],
  convertFromHex: [1, (it, [s]) => blob(Buffer.from(argString(it, s), 'hex'))],
  urlEncode: [2, (it, [s]) => urlEncode(argString(it, s))],
  urlDecode: [2, (it, [s]) => decodeURIComponent(argString(it, s).replace(/\+/g, ' '))]
});

const DIGESTS: Record<string, string> = { md5: 'md5', sha1: 'sha1', 'sha-256': 'sha256', 'sha-512': 'sha512' };
const MACS: Record<string, string> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256', hmacsha512: 'sha512' };

defineStatic('Crypto', {
  generateDigest: [
    2,
    (it, [alg, b], ctx) => {
      const a = DIGESTS[argString(it, alg).toLowerCase()];
      if (!a) return it.unsupported(`Crypto.generateDigest algorithm ${argString(it, alg)}`, ctx);
      return blob(createHash(a).update(bytes(it, b)).digest());
    }
  ],
  generateMac: [
    3,
    (it, [alg, input, key], ctx) => {
      const a = MACS[argString(it, alg).toLowerCase()];
      if (!a) return it.unsupported(`Crypto.generateMac algorithm ${argString(it, alg)}`, ctx);
      return blob(createHmac(a, bytes(it, key)).update(bytes(it, input)).digest());
    }
  ],
  getRandomInteger: [0, () => randomBytes(4).readInt32BE(0)],
  getRandomLong: [0, () => randomBytes(8).readBigInt64BE(0)]
});

/** The bytes of a Blob argument (null raises NullPointerException). */
export function blobBytes(it: Interpreter, v: Value): Buffer {
  return bytes(it, v);
}
