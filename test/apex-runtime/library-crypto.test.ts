/** Crypto: RSA sign/verify with DER keys, AES encrypt/decrypt (given and managed IVs), checked against node:crypto. */
import { createCipheriv, createDecipheriv, generateKeyPairSync, verify } from 'node:crypto';
import { expect } from 'chai';
import { debugOf, failureOf } from './helpers.js';

describe('Crypto', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  it('signs RSA-SHA256 with a PKCS#8 key (verifiable outside) and verifies with the X.509 public key', () => {
    const out = debugOf(`
      Blob key = EncodingUtil.base64Decode('${pkcs8}');
      Blob pub = EncodingUtil.base64Decode('${spki}');
      Blob sig = Crypto.sign('RSA-SHA256', Blob.valueOf('rates'), key);
      System.debug(EncodingUtil.base64Encode(sig));
      System.debug(Crypto.verify('RSA-SHA256', Blob.valueOf('rates'), sig, pub) + ' ' + Crypto.verify('RSA-SHA256', Blob.valueOf('other'), sig, pub));`);
    expect(verify('sha256', Buffer.from('rates'), publicKey, Buffer.from(out[0], 'base64'))).to.equal(true);
    expect(out[1]).to.equal('true false');
  });

  for (const bits of [128, 192, 256]) {
    it(`encrypts and decrypts AES${bits} (CBC, PKCS5 padding) with a given IV and with a managed IV`, () => {
      const key = Buffer.alloc(bits / 8, 7);
      const vector = Buffer.alloc(16, 3);
      const out = debugOf(`
        Blob key = EncodingUtil.base64Decode('${key.toString('base64')}');
        Blob iv = EncodingUtil.base64Decode('${vector.toString('base64')}');
        Blob c = Crypto.encrypt('AES${bits}', key, iv, Blob.valueOf('dated rates'));
        System.debug(EncodingUtil.base64Encode(c));
        System.debug(Crypto.decrypt('AES${bits}', key, iv, c).toString());
        Blob m = Crypto.encryptWithManagedIV('AES${bits}', key, Blob.valueOf('managed'));
        System.debug(EncodingUtil.base64Encode(m));
        System.debug(Crypto.decryptWithManagedIV('AES${bits}', key, m).toString() + ' ' + m.size());
        System.debug(Crypto.generateAesKey(${bits}).size());`);
      const c = createCipheriv(`aes-${bits}-cbc`, key, vector);
      expect(out[0]).to.equal(Buffer.concat([c.update('dated rates'), c.final()]).toString('base64'));
      expect(out[1]).to.equal('dated rates');
      const managed = Buffer.from(out[2], 'base64');
      const d = createDecipheriv(`aes-${bits}-cbc`, key, managed.subarray(0, 16));
      expect(Buffer.concat([d.update(managed.subarray(16)), d.final()]).toString()).to.equal('managed');
      expect(out[3]).to.equal('managed 32');
      expect(out[4]).to.equal(String(bits / 8));
    });
  }

  it('rejects a key or IV of the wrong size', () => {
    expect(
      failureOf(
        `Crypto.encrypt('AES256', Crypto.generateAesKey(128), Blob.valueOf('0123456789abcdef'), Blob.valueOf('x'));`
      ).exceptionMessage
    ).to.equal('System.InvalidParameterValueException: Invalid private key. Must be 32 bytes.');
    expect(
      failureOf(`Crypto.encrypt('AES128', Crypto.generateAesKey(128), Blob.valueOf('short'), Blob.valueOf('x'));`)
        .exceptionMessage
    ).to.equal('System.InvalidParameterValueException: Invalid initialization vector. Must be 16 bytes.');
  });

  it('random integers and longs vary', () => {
    const out = debugOf(`
      Set<Integer> ints = new Set<Integer>(); Set<Long> longs = new Set<Long>();
      for (Integer i = 0; i < 20; i++) { ints.add(Crypto.getRandomInteger()); longs.add(Crypto.getRandomLong()); }
      System.debug(ints.size() > 1 && longs.size() > 1);`);
    expect(out).to.deep.equal(['true']);
  });
});
