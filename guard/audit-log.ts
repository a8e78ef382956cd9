import { createWriteStream, mkdirSync, openSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { GuardAuditLine } from '../schemas/guard-audit.ts';

/** Where audit lines go: a file, or memory in tests. */
export interface AuditSink {
  append(line: GuardAuditLine): void;
  close(): Promise<void>;
}

export interface AuditFileOptions {
  /** Rotate when the file would grow past this many bytes. */
  maxBytes: number;
  /** How many rotated files to keep (`FILE.1` newest … `FILE.N` oldest). */
  keep: number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditFileOptions = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/**
 * An append-only JSON Lines file that rotates by size. Writes are batched per turn of the event loop and buffered by the
 * stream, so a call never waits for the disk; rotation renames the files synchronously (the old stream keeps writing to the renamed file
 * until it drains, so no line is lost or split).
 */
export class AuditFile implements AuditSink {
  private stream: WriteStream;
  private size: number;
  private readonly closing: Promise<void>[] = [];
  private buffered: string[] = [];

  constructor(private readonly path: string, private readonly options: AuditFileOptions = DEFAULT_AUDIT_OPTIONS) {
    mkdirSync(dirname(path), { recursive: true });
    this.size = sizeOf(path);
    this.stream = this.open();
  }

  append(line: GuardAuditLine): void {
    const text = `${JSON.stringify(line)}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    // Lines of one turn of the event loop go out as one write: a burst of calls costs one system call, not one each.
    this.buffered.push(text);
    if (this.buffered.length === 1) setImmediate(this.flush);
    this.size += bytes;
  }

  async close(): Promise<void> {
    this.flush();
    this.closing.push(endStream(this.stream));
    await Promise.all(this.closing);
  }

  private readonly flush = (): void => {
    if (!this.buffered.length) return;
    this.stream.write(this.buffered.join(''));
    this.buffered = [];
  };

  private open(): WriteStream {
    // Opened now, not when the stream gets to it: a rotation right after must find the file to rename.
    const stream = createWriteStream(this.path, { fd: openSync(this.path, 'a', 0o600) });
    stream.on('error', (error) => process.stderr.write(`mcp-risk guard: cannot write the audit log ${this.path}: ${error.message}\n`));
    return stream;
  }

  private rotate(): void {
    this.flush();
    this.closing.push(endStream(this.stream));
    for (let index = this.options.keep - 1; index >= 1; index--) renameQuietly(`${this.path}.${index}`, `${this.path}.${index + 1}`);
    renameQuietly(this.path, this.options.keep >= 1 ? `${this.path}.1` : `${this.path}.dropped`);
    this.size = 0;
    this.stream = this.open();
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Nothing to rotate at this position yet.
  }
}

function endStream(stream: WriteStream): Promise<void> {
  return new Promise((resolveEnd) => {
    if (stream.closed || stream.destroyed) return resolveEnd();
    stream.end(() => resolveEnd());
    stream.once('error', () => resolveEnd());
  });
}

/** Keeps lines in memory, for tests and for runs without an audit file. */
export class MemoryAudit implements AuditSink {
  readonly lines: GuardAuditLine[] = [];
  append(line: GuardAuditLine): void {
    this.lines.push(line);
  }
  async close(): Promise<void> {}
}
