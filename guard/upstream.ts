import type { OversizeLine } from './line-splitter.ts';

/** How the connection to the real server ended. */
export interface UpstreamExit {
  /** The process's exit code (null when a signal ended it or there is no process). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What went wrong, in one sentence, when the guard did not ask for it to end. */
  detail?: string;
}

/** What an upstream tells the session. */
export interface UpstreamHandlers {
  /** One message from the server, as JSON text. */
  message(line: string): void;
  /** A message longer than the guard's limit, dropped. */
  oversize(line: OversizeLine): void;
  /** The server is gone; called once. */
  exit(exit: UpstreamExit): void;
}

/** The real server, behind the guard: a launched process (stdio) or a remote endpoint (Streamable HTTP). */
export interface Upstream {
  start(handlers: UpstreamHandlers): Promise<void>;
  /**
   * Sends one message. `line` is its JSON text (forwarded byte for byte when the guard did not change it).
   * A rejected promise means the message never reached the server.
   */
  send(line: string, message: Record<string, unknown>): Promise<void> | void;
  /** Told the negotiated protocol version (HTTP sends it as a header on every request). */
  setProtocolVersion?(version: string): void;
  /** Ends the server (politely, then by force) and resolves with how it ended. Safe to call twice. */
  stop(): Promise<UpstreamExit>;
  /** Stops reading what the server writes until `resume` (the client is not keeping up). */
  pause?(): void;
  resume?(): void;
  /** A promise for when the server takes more input, while what was sent waits in a full buffer; else undefined. */
  backlog?(): Promise<void> | undefined;
}
