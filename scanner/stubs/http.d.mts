import type { Server } from 'node:http';
export function startHttpStub(port: number): Promise<Server>;
