import type { Server } from 'node:http';
export function answerDocker(method: string | undefined, path: string | undefined): { status: number; type?: string; body: unknown };
export function startDockerStub(listenOn: string | number): Promise<Server>;
