/** Milliseconds since the epoch. Injected everywhere time decides something, so tests move time instead of waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
