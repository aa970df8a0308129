import { Writable } from 'node:stream';
import type { CsvRecordReader } from './csv-records.js';

/**
 * The end of an import's read pipeline: each chunk of bytes goes through `reader` (which hands complete
 * records to its callback), then `send(false)` passes what is ready on to the COPY; at the end
 * `send(true)` passes the rest. The next chunk is only read once `send` resolved, so the file is read
 * at the pace of the server's COPY (backpressure) and memory stays flat. A CSV syntax error thrown by
 * the reader fails the pipeline.
 */
export function recordWritable(reader: CsvRecordReader, send: (all: boolean) => Promise<void>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        reader.push(chunk);
      } catch (e) {
        cb(e as Error);
        return;
      }
      send(false).then(() => cb(), cb);
    },
    final(cb) {
      try {
        reader.finish();
      } catch (e) {
        cb(e as Error);
        return;
      }
      send(true).then(() => cb(), cb);
    },
  });
}
