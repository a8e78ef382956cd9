/** A remote server sent more than a limit allows in one message; the exchange was cut off. */
export class RemoteLimitError extends Error {
  constructor(readonly limit: 'maxMessageBytes', readonly bytes: number) {
    super(`the server sent a message larger than ${bytes} bytes (maxMessageBytes); the connection was cut off`);
    this.name = 'RemoteLimitError';
  }
}

/** A fetch for talking to one remote server, and the one switch that ends all of its requests. */
export interface CappedFetch {
  fetch: typeof fetch;
  /** Resolves with the error when a response broke the cap (it never rejects). */
  readonly limitHit: Promise<RemoteLimitError>;
  /** The error, once a response broke the cap. */
  readonly hit: RemoteLimitError | undefined;
  /** Aborts every request and body read, now and later. */
  abort(reason?: unknown): void;
}

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/**
 * Wraps fetch so no response body exceeds `maxBytes`: a plain body in total, an event stream per event
 * (the bytes since the last blank line). The reader sees an error instead of more bytes; everything the
 * fetch started is aborted, so a hostile server's body is never buffered past the cap.
 */
export function createCappedFetch(maxBytes: number, baseFetch: typeof fetch = fetch): CappedFetch {
  const controller = new AbortController();
  let reportLimit: (error: RemoteLimitError) => void = () => undefined;
  const limitHit = new Promise<RemoteLimitError>((resolve) => (reportLimit = resolve));
  let hit: RemoteLimitError | undefined;
  const exceed = (): RemoteLimitError => {
    const error = (hit ??= new RemoteLimitError('maxMessageBytes', maxBytes));
    reportLimit(error);
    controller.abort(error);
    return error;
  };

  const capped: typeof fetch = async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    const response = await baseFetch(input, { ...init, signal });
    // Statuses that carry no body cannot be rebuilt with one.
    if (!response.body || [101, 204, 205, 304].includes(response.status)) return response;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    const eventStream = (response.headers.get('content-type') ?? '').toLowerCase().includes('text/event-stream');
    if (!eventStream && declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw exceed();
    }
    let count = 0;
    // The last two bytes seen, so a blank line split across chunks still ends an event.
    let previous = 0;
    let beforePrevious = 0;
    const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, stream) {
        if (!eventStream) {
          count += chunk.byteLength;
        } else {
          for (const byte of chunk) {
            count++;
            // "\n\n" or "\n\r\n" ends an event: the next one starts from zero.
            if (byte === LINE_FEED && (previous === LINE_FEED || (previous === CARRIAGE_RETURN && beforePrevious === LINE_FEED))) count = 0;
            beforePrevious = previous;
            previous = byte;
          }
        }
        if (count > maxBytes) stream.error(exceed());
        else stream.enqueue(chunk);
      },
    }));
    const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  };

  return {
    fetch: capped,
    limitHit,
    get hit() {
      return hit;
    },
    abort: (reason) => controller.abort(reason),
  };
}
