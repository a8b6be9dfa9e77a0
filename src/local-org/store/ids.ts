/**
 * Salesforce record Ids: a 3-character key prefix, 12 base-62 characters, and for the 18-character
 * form a 3-character case-safe suffix computed from the capitalisation of the first 15 characters.
 * Algorithm: https://help.salesforce.com/s/articleView?id=000385585 (the "18-digit ID" checksum).
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Computes the 3-character case-safe suffix of a 15-character Id. */
export function idSuffix(id15: string): string {
  let out = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

/** Returns the 18-character form of a 15- or 18-character Id (unchanged when already 18). */
export function to18(id: string): string {
  if (id.length === 18) return id;
  if (id.length !== 15) throw new RangeError(`not a Salesforce Id: ${id}`);
  return id + idSuffix(id);
}

/** True when the text has the shape of a 15- or 18-character Id with a valid checksum. */
export function isId(text: unknown): text is string {
  if (typeof text !== 'string' || (text.length !== 15 && text.length !== 18)) return false;
  if (!/^[0-9A-Za-z]+$/.test(text)) return false;
  return text.length === 15 || idSuffix(text.slice(0, 15)) === text.slice(15).toUpperCase();
}

/** Normalises a 15- or 18-character Id to 18 characters, fixing the suffix's letter case. */
export function normalizeId(id: string): string {
  return to18(id.slice(0, 15));
}

/** Builds an 18-character Id from a key prefix, an org-wide instance marker and a counter. */
export function makeId(keyPrefix: string, counter: number, pod = '5g'): string {
  if (!/^[0-9A-Za-z]{3}$/.test(keyPrefix)) throw new RangeError(`bad key prefix ${keyPrefix}`);
  let n = Math.floor(counter);
  let digits = '';
  for (let i = 0; i < 9; i++) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  return to18(`${keyPrefix}${pod}0${digits}`);
}
