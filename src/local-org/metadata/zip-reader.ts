/**
 * Bounded reading of a deploy zip. Every limit is checked before or while an entry is inflated, so a
 * zip bomb, an entry that lies about its size, a bit-flipped archive or a path outside the zip is
 * refused with a clear deploy error after a bounded amount of work:
 *
 * - the zip itself at most 39 MB, at most 10,000 files, at most 600 MB (629,145,600 bytes) unzipped —
 *   the Metadata API's deploy limits
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_rest_deploy_enable_cli.htm);
 * - an entry inflates to no more than it declares, and no entry over 1 MB expands more than 200 times
 *   its compressed size (local limits: no platform figure; real metadata compresses about 5–20 times);
 * - entry paths are relative and stay inside the zip (no `..`, no leading `/`, no drive letter, no `\`).
 */
import JSZip from 'jszip';

export const MAX_ZIP_BYTES = 39 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 10_000;
export const MAX_UNZIPPED_BYTES = 600 * 1024 * 1024;
export const MAX_RATIO = 200;
const RATIO_FREE_BYTES = 1024 * 1024;

export class InvalidZipError extends Error {
  constructor(detail: string) {
    super(`The deploy zip is not valid: ${detail}`);
    this.name = 'InvalidZipError';
  }
}

/** JSZip keeps an entry's declared sizes in a private field; both are read from the central directory. */
interface EntrySizes {
  _data?: { uncompressedSize?: number; compressedSize?: number };
}

function unsafePath(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((seg) => seg === '..') ||
    name.includes('\u0000')
  );
}

/** JSZip's StreamHelper (documented as `internalStream`, missing from its type definitions). */
interface StreamHelper {
  on(event: 'data', fn: (chunk: Uint8Array) => void): StreamHelper;
  on(event: 'error', fn: (e: Error) => void): StreamHelper;
  on(event: 'end', fn: () => void): StreamHelper;
  pause(): StreamHelper;
  resume(): StreamHelper;
}

/** Inflates one entry, stopping as soon as it passes `cap` bytes. */
function inflate(entry: JSZip.JSZipObject, cap: number, tooBig: () => InvalidZipError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream(
      'uint8array'
    );
    stream
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        size += chunk.length;
        if (size > cap) {
          done = true;
          stream.pause();
          reject(tooBig());
          return;
        }
        chunks.push(Buffer.from(chunk));
      })
      .on('error', (e: Error) => {
        if (done) return;
        done = true;
        reject(new InvalidZipError(`${entry.name}: ${e.message}`));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}

/** Reads every file of the zip, within the limits above. */
export async function readZipEntries(zipData: Buffer): Promise<Map<string, Buffer>> {
  if (zipData.length > MAX_ZIP_BYTES)
    throw new InvalidZipError(
      `it is ${zipData.length} bytes; a deploy zip can be at most ${MAX_ZIP_BYTES} bytes (39 MB) compressed`
    );
  let zip: JSZip;
  try {
    // No checkCRC32: it would inflate every entry whole, before the limits below apply.
    zip = await JSZip.loadAsync(zipData);
  } catch (e) {
    throw new InvalidZipError(e instanceof Error ? e.message : String(e));
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > MAX_ZIP_ENTRIES)
    throw new InvalidZipError(`it has ${entries.length} files; a deploy can have at most ${MAX_ZIP_ENTRIES}`);
  const bad = Object.values(zip.files).find((e) => unsafePath(e.name));
  if (bad) throw new InvalidZipError(`the entry ${JSON.stringify(bad.name)} has a path outside the zip`);
  const sizes = (e: JSZip.JSZipObject) => (e as unknown as EntrySizes)._data ?? {};
  const declaredTotal = entries.reduce((n, e) => n + (sizes(e).uncompressedSize ?? 0), 0);
  const overTotal = () =>
    new InvalidZipError(`it expands to more than ${MAX_UNZIPPED_BYTES} bytes (600 MB), the deploy limit`);
  if (declaredTotal > MAX_UNZIPPED_BYTES) throw overTotal();
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const entry of entries) {
    const { uncompressedSize, compressedSize } = sizes(entry);
    const declared = uncompressedSize ?? MAX_UNZIPPED_BYTES;
    const ratioCap = Math.max(RATIO_FREE_BYTES, (compressedSize ?? 0) * MAX_RATIO);
    if (declared > ratioCap)
      throw new InvalidZipError(
        `the entry ${entry.name} expands ${Math.round(declared / Math.max(1, compressedSize ?? 1))} times its compressed size (the local org allows ${MAX_RATIO})`
      );
    const cap = Math.min(declared, MAX_UNZIPPED_BYTES - total);
    const data = await inflate(entry, cap, () =>
      cap < declared
        ? overTotal()
        : new InvalidZipError(`the entry ${entry.name} inflates to more than the ${declared} bytes it declares`)
    );
    total += data.length;
    files.set(entry.name, data);
  }
  return files;
}
