import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** A CSV file written line by line through a 1 MB buffer, honouring back-pressure: memory stays flat. */
export class LineWriter {
  private readonly out: WriteStream;
  private buf = '';
  lines = 0;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.out = createWriteStream(path);
    this.buf = header + '\n';
  }

  async write(line: string): Promise<void> {
    this.buf += line + '\n';
    this.lines++;
    if (this.buf.length > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end(this.buf);
    this.buf = '';
    await once(this.out, 'finish');
  }
}

/** Writes `count` lines made by `line(i)` under `header`. */
export async function writeLines(path: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  const w = new LineWriter(path, header);
  for (let i = 0; i < count; i++) await w.write(line(i));
  await w.close();
}
