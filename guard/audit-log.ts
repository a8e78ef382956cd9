import { constants, createWriteStream, mkdirSync, openSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { McpRiskError } from '../core/errors.ts';
import type { GuardAuditLine } from '../schemas/guard-audit.ts';

/**
 * Characters a terminal or an editor would act on rather than show: C1 controls (U+009B starts an escape sequence),
 * bidi overrides and isolates, and line separators. JSON allows any of them raw; the log writes them as `\uXXXX`.
 */
const UNSAFE_IN_LOG = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** One audit line as JSON, with the characters above escaped (it parses to the same value). */
export function serializeAuditLine(line: GuardAuditLine): string {
  return JSON.stringify(line).replace(UNSAFE_IN_LOG, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

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
    const text = `${serializeAuditLine(line)}\n`;
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
    // Opened now, not when the stream gets to it: a rotation right after must find the file to rename. A link is
    // refused (O_NOFOLLOW): the log must not append to whatever file someone pointed it at.
    let fd: number;
    try {
      fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ELOOP' ? 'is a symbolic link; the guard writes its audit log only to a regular file' : `cannot be opened: ${(error as Error).message}`;
      throw new McpRiskError('input', `guard: the audit log ${this.path} ${why}.`, { hint: 'Pass another --audit FILE, or remove the link.', cause: error });
    }
    const stream = createWriteStream(this.path, { fd });
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
