/**
 * COPY (format csv) text written straight into large buffers: numbers as digits and the file's own
 * bytes copied across, so a million lines make a few dozen 1 MB chunks and no strings to collect.
 * (Building each line as a JS string cost more in garbage collection than the rest of the load.)
 */
export class CopyText {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  /** Bytes handed over so far by `take`, plus what is pending. */
  private done = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(chunkBytes);
  }

  /** Total bytes written so far. */
  get size(): number {
    return this.done + this.pos;
  }

  /** Makes room for `n` more bytes, starting a new chunk when the current one is full. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.cut();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, this.chunkBytes));
  }

  private cut(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.done += this.pos;
    this.buf = Buffer.allocUnsafe(this.chunkBytes);
    this.pos = 0;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer in decimal; the caller made room (up to 16 digits). */
  int(value: number): void {
    let digits = 1;
    for (let t = value; t >= 10; t = Math.floor(t / 10)) digits++;
    const end = this.pos + digits;
    let v = value;
    for (let j = end - 1; j >= this.pos; j--) {
      this.buf[j] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.pos = end;
  }

  /** Bytes of `src`; the caller made room. */
  bytes(src: Buffer, start: number, end: number): void {
    // Fields are short: a plain loop beats Buffer#copy's per-call checks on them.
    if (end - start > 32) {
      this.pos += src.copy(this.buf, this.pos, start, end);
      return;
    }
    const b = this.buf;
    let p = this.pos;
    for (let i = start; i < end; i++) b[p++] = src[i]!;
    this.pos = p;
  }

  /** A string (UTF-8), making room itself. */
  text(s: string): void {
    this.room(Buffer.byteLength(s) + 1);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** The finished chunks (and the partial one when `all`), handed over once. */
  take(all: boolean): Buffer[] {
    if (all) this.cut();
    return this.chunks.splice(0, this.chunks.length);
  }
}
