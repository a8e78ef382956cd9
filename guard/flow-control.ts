import type { Downstream } from './session-options.ts';
import type { Upstream } from './upstream.ts';

/**
 * Backpressure both ways: while the client is not reading, the server's output is not read either; while the
 * server's input is full, the client's is not read. What waits, waits in the pipes, not in the guard's memory.
 */
export class FlowControl {
  private serverPaused = false;
  private clientPaused = false;

  constructor(private readonly upstream: Upstream, private readonly downstream: Downstream, private readonly isClosing: () => boolean) {}

  /** Writes one line to the client, and stops reading the server when the client's side is full. */
  toClient(line: string): void {
    const { output } = this.downstream;
    if (output.write(`${line}\n`) !== false || this.serverPaused || !output.once) return;
    this.serverPaused = true;
    this.upstream.pause?.();
    output.once('drain', () => this.readServer());
  }

  /** After a send to the server: stops reading the client while the server's input is full. */
  sentToServer(): void {
    const drained = this.clientPaused ? undefined : this.upstream.backlog?.();
    if (!drained) return;
    this.clientPaused = true;
    this.downstream.input.pause();
    void drained.then(() => {
      this.clientPaused = false;
      if (!this.isClosing()) this.downstream.input.resume();
    });
  }

  /** Reads the server again (the client caught up, or the session ends and the server must be read to its end). */
  readServer(): void {
    this.serverPaused = false;
    this.upstream.resume?.();
  }
}
