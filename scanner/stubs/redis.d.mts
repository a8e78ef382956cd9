import type { Server } from 'node:net';
export function parseCommand(buffer: Buffer): { args: string[]; rest: Buffer } | { error: string } | undefined;
export function answerRedis(args: string[]): string;
export function startRedisStub(port: number): Promise<Server>;
