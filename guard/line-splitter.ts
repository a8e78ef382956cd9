/** What is left of a line that was too long to keep: its size, and its first and last bytes (where an id may be). */
export interface OversizeLine {
  bytes: number;
  head: string;
  tail: string;
}

const KEPT_EDGE_BYTES = 512;

/**
 * Splits a byte stream into newline-delimited lines without ever holding more than `maxBytes` of one line.
 * A longer line is dropped as it streams in; only its size and edges are reported.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private oversize: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversize: (line: OversizeLine) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline));
      this.endLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  private append(part: Buffer): void {
    if (!part.length) return;
    if (this.oversize) {
      this.oversize.bytes += part.length;
      this.oversize.tail = Buffer.concat([this.oversize.tail, part]).subarray(-KEPT_EDGE_BYTES);
      return;
    }
    if (this.pendingBytes + part.length > this.maxBytes) {
      const whole = Buffer.concat([...this.pending, part]);
      this.oversize = { bytes: whole.length, head: Buffer.from(whole.subarray(0, KEPT_EDGE_BYTES)), tail: Buffer.from(whole.subarray(-KEPT_EDGE_BYTES)) };
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Node hands each chunk over for good, so keeping a view of it until the newline arrives is safe.
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private endLine(): void {
    if (this.oversize) {
      const { bytes, head, tail } = this.oversize;
      this.oversize = undefined;
      this.onOversize({ bytes, head: head.toString('utf8'), tail: tail.toString('utf8') });
      return;
    }
    if (!this.pendingBytes) {
      this.pending = [];
      return;
    }
    const line = this.pending.length === 1 ? this.pending[0]!.toString('utf8') : Buffer.concat(this.pending).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    this.onLine(line);
  }
}
