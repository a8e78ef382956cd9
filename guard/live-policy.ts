import { classifyTool } from '../classifier/classify.ts';
import { CLASSIFIER_VERSION } from '../classifier/version.ts';
import { version } from '../core/version.ts';
import { recommendPolicy } from '../policy/recommend.ts';
import type { Policy, PolicyRulesFile } from '../schemas/policy.ts';
import type { ScanRecord, ScannedTool } from '../schemas/scan-record.ts';
import { ToolDefinitionSchema } from '../schemas/tool.ts';
import { DEFAULT_LIMITS } from '../scanner/limits.ts';
import { pinTool } from '../core/pin.ts';

/** What the guard knows about the live server when it has no policy file. */
export interface LiveServer {
  /** What the guard was asked to run, as the user wrote it. */
  target: string;
  targetKind: 'command' | 'url';
  serverKey: string;
  /** What the server said about itself in `initialize`. */
  serverInfo: { name: string; version: string };
  protocolVersion: string;
  capabilities: Record<string, unknown>;
}

/**
 * The default policy for a server nobody reviewed: its live tool list assessed by the classifier and mapped
 * exactly as `mcp-risk policy` maps a scan (rules file included). Malformed items are left out and so denied.
 */
export function buildLivePolicy(server: LiveServer, items: readonly unknown[], now: number, options: { rules?: PolicyRulesFile; truncated?: boolean } = {}): Policy {
  const tools: ScannedTool[] = [];
  let malformed = 0;
  for (const item of items) {
    const parsed = ToolDefinitionSchema.safeParse(item);
    if (!parsed.success) {
      malformed++;
      continue;
    }
    tools.push({ ...parsed.data, pin: pinTool(parsed.data), assessment: classifyTool(parsed.data) } as ScannedTool);
  }
  const record: ScanRecord = {
    schemaVersion: 1,
    target: server.target,
    targetKind: server.targetKind,
    serverName: server.serverKey,
    scannerVersion: version,
    classifierVersion: CLASSIFIER_VERSION,
    scannedAt: new Date(now).toISOString(),
    sandbox: { backend: server.targetKind === 'url' ? 'remote' : 'none', limits: DEFAULT_LIMITS },
    limitsHit: [],
    timings: { totalMs: 0 },
    status: 'ok',
    detail: 'assessed live by mcp-risk guard',
    environment: [],
    server: { name: server.serverInfo.name, version: server.serverInfo.version, protocolVersion: server.protocolVersion, capabilities: server.capabilities },
    tools,
    prompts: [],
    resources: [],
    malformed: Array.from({ length: malformed }, (_, index) => ({ list: 'tools' as const, index, reason: 'not a valid tool definition' })),
    truncated: options.truncated ? ['tools'] : [],
  };
  return recommendPolicy(record, { serverKey: server.serverKey, ...(options.rules && { rules: options.rules }) });
}
