import type { z } from 'zod';
import { describeFirstIssue } from '../core/parse.ts';
import type { MalformedItemSchema, ScannedPromptSchema, ScannedResourceSchema } from '../schemas/scan-record.ts';
import type { ToolDefinition } from '../schemas/tool.ts';
import type { ScanLimits } from './limits.ts';
import { walkList as walk, type ListName, type WalkResult } from './list-walk.ts';
import { itemSchemas, type McpSession } from './mcp-client.ts';

type MalformedItem = z.infer<typeof MalformedItemSchema>;

/** What the lists held: valid items kept, invalid ones recorded, caps noted. */
export interface ProbeResult {
  tools: ToolDefinition[];
  prompts: z.infer<typeof ScannedPromptSchema>[];
  resources: z.infer<typeof ScannedResourceSchema>[];
  malformed: MalformedItem[];
  truncated: ListName[];
  limitsHit: string[];
  /** Optional lists (prompts, resources) that failed; a failed tools/list is thrown instead. */
  listErrors: { list: ListName; reason: string }[];
}

/** Keeps the items that parse, records the ones that do not, with their position and name. */
function salvage<T>(list: ListName, items: unknown[], schema: { safeParse(value: unknown): z.ZodSafeParseResult<T> }, malformed: MalformedItem[]): T[] {
  const valid: T[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const name = (item as { name?: unknown } | null)?.name;
    malformed.push({ list, index, ...(typeof name === 'string' && { name: name.slice(0, 200) }), reason: describeFirstIssue(parsed.error).slice(0, 300) });
  });
  return valid;
}

/** Lists tools (always) and prompts, resources and resource templates (when advertised). tools/list failures throw. */
export async function probeLists(session: McpSession, limits: ScanLimits): Promise<ProbeResult> {
  const result: ProbeResult = { tools: [], prompts: [], resources: [], malformed: [], truncated: [], limitsHit: [], listErrors: [] };
  const capabilities = session.hello.capabilities;

  const record = (list: ListName, walk: WalkResult) => {
    if (walk.truncated) result.truncated.push(list);
    result.limitsHit.push(...walk.limitsHit);
  };

  const walkList = (list: ListName) => walk((method, cursor) => session.requestPage(method, cursor, limits.requestTimeoutMs), list, limits);
  const tools = await walkList('tools');
  record('tools', tools);
  result.tools = salvage('tools', tools.items, itemSchemas.tools, result.malformed) as ToolDefinition[];

  const optional: ListName[] = [];
  if (capabilities.prompts) optional.push('prompts');
  if (capabilities.resources) optional.push('resources', 'resourceTemplates');
  for (const list of optional) {
    let walk: WalkResult;
    try {
      walk = await walkList(list);
    } catch (error) {
      result.listErrors.push({ list, reason: (error instanceof Error ? error.message : String(error)).slice(0, 300) });
      continue;
    }
    record(list, walk);
    if (list === 'prompts') {
      result.prompts = salvage(list, walk.items, itemSchemas.prompts, result.malformed).map((prompt) => ({
        name: prompt.name,
        ...(prompt.title !== undefined && { title: prompt.title }),
        ...(prompt.description !== undefined && { description: prompt.description }),
        ...(prompt.arguments !== undefined && {
          arguments: prompt.arguments.map((argument) => ({
            name: argument.name,
            ...(argument.description !== undefined && { description: argument.description }),
            ...(argument.required !== undefined && { required: argument.required }),
          })),
        }),
      }));
    } else if (list === 'resources') {
      result.resources.push(...salvage(list, walk.items, itemSchemas.resources, result.malformed).map((resource) => ({
        name: resource.name,
        ...(resource.title !== undefined && { title: resource.title }),
        ...(resource.description !== undefined && { description: resource.description }),
        uri: resource.uri,
        ...(resource.mimeType !== undefined && { mimeType: resource.mimeType }),
      })));
    } else {
      result.resources.push(...salvage(list, walk.items, itemSchemas.resourceTemplates, result.malformed).map((template) => ({
        name: template.name,
        ...(template.title !== undefined && { title: template.title }),
        ...(template.description !== undefined && { description: template.description }),
        uriTemplate: template.uriTemplate,
        ...(template.mimeType !== undefined && { mimeType: template.mimeType }),
      })));
    }
  }
  return result;
}
