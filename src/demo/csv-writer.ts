import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field (RFC 4180): quoted only when it holds a comma, quote, line break or edge blank. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i === 0 ? '' : ',') + csvField(fields[i]);
  return line + '\n';
}

/** Bytes gathered before one write to the stream: big enough that the per-write overhead vanishes. */
const CHUNK = 1 << 16;

/**
 * Streams CSV text to a file (gzip-compressed when asked) with bounded memory: lines are gathered into
 * 64 KiB chunks, and `line()` returns a promise only when the stream asks us to wait for 'drain'. Callers
 * write `const p = w.line(s); if (p) await p;` so the hot path stays synchronous.
 */
export class CsvWriter {
  rows = 0;
  private buffer = '';
  private readonly finished: Promise<void>;
  private failure: unknown;

  private constructor(
    readonly path: string,
    private readonly sink: Writable,
    finished: Promise<void>,
  ) {
    // Kept (not thrown) so a disk error surfaces at the next wait or at close, not as an unhandled rejection.
    this.finished = finished.catch((e: unknown) => {
      this.failure = e;
    });
  }

  static create(path: string, header: readonly string[], gzip = false): CsvWriter {
    const file = createWriteStream(path);
    let writer: CsvWriter;
    if (gzip) {
      const zip = createGzip({ level: 6 });
      writer = new CsvWriter(path, zip, pipeline(zip, file));
    } else {
      writer = new CsvWriter(path, file, finished(file));
    }
    writer.buffer = header.join(',') + '\n';
    return writer;
  }

  /** Appends one complete line (with its trailing newline); counts it as a data row. */
  line(text: string): Promise<void> | undefined {
    this.buffer += text;
    this.rows++;
    return this.buffer.length >= CHUNK ? this.flush() : undefined;
  }

  row(fields: readonly (string | number | null | undefined)[]): Promise<void> | undefined {
    return this.line(csvRow(fields));
  }

  private flush(): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const ok = this.sink.write(this.buffer);
    this.buffer = '';
    if (ok) return undefined;
    return Promise.race([once(this.sink, 'drain').then(() => undefined), this.finished]).then(() => {
      if (this.failure !== undefined) throw this.failure;
    });
  }

  /** Writes what is left and waits until the file is on disk. */
  async close(): Promise<void> {
    if (this.buffer.length > 0) this.sink.write(this.buffer);
    this.buffer = '';
    this.sink.end();
    await this.finished;
    if (this.failure !== undefined) throw this.failure;
  }
}
