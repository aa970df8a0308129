import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../lib/errors.js';

/** An input ready for the CSV parser: plain bytes, with a live count of raw bytes read for the ETA. */
export interface OpenedSource {
  stream: Readable;
  /** Raw (possibly compressed) bytes consumed so far. */
  bytesRead(): number;
  /** Raw size when known (files), for the ETA; stdin has none. */
  totalBytes: number | undefined;
  /** For messages: the file name, "stdin" or "stream". */
  label: string;
}

class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

function fileError(label: string, e: unknown): AppError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new AppError('IMPORT_FILE', `Cannot read ${label}: ${why}.`, { hint: 'Give the path of a .csv or .csv.gz file, or - for stdin.', cause: e });
}

/**
 * Gzip is recognised by its magic bytes (1f 8b), not the name, so `zcat`-less pipes into stdin and
 * misnamed files work the same; the first chunk is peeked and put back.
 */
async function decodeIfGzip(input: Readable, label: string): Promise<Readable> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  const head: Buffer | undefined = first.done ? undefined : (first.value as Buffer);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value as Buffer;
    }
  }
  const plain = Readable.from(rest(), { objectMode: false });
  if (!head || head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return plain;
  const gunzip = createGunzip();
  plain.on('error', (e) => gunzip.destroy(e));
  return plain.pipe(gunzip);
}

/** zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR…) mean a damaged or truncated .gz file. */
export function sourceError(label: string, e: unknown): AppError | undefined {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError('IMPORT_FILE', `${label} is not a valid gzip file (${(e as Error).message}); nothing was imported.`, { cause: e });
  }
  return undefined;
}

/**
 * Opens a path (.csv, .csv.gz), '-' (stdin) or a caller's stream. Missing files fail here, before any
 * database work starts.
 */
export async function openSource(source: string | NodeJS.ReadableStream): Promise<OpenedSource> {
  let raw: Readable;
  let totalBytes: number | undefined;
  let label: string;
  if (typeof source !== 'string') {
    raw = source instanceof Readable ? source : Readable.from(source as AsyncIterable<Buffer>, { objectMode: false });
    label = 'stream';
  } else if (source === '-') {
    raw = process.stdin;
    label = 'stdin';
  } else {
    label = source;
    try {
      const st = await stat(source);
      if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      totalBytes = st.size;
    } catch (e) {
      throw fileError(source, e);
    }
    raw = createReadStream(source, { highWaterMark: 256 * 1024 });
  }
  const counter = new ByteCounter();
  raw.on('error', (e) => counter.destroy(e instanceof AppError ? e : fileError(label, e)));
  const counted = raw.pipe(counter);
  const stream = await decodeIfGzip(counted, label);
  return { stream, bytesRead: () => counter.bytes, totalBytes, label };
}
