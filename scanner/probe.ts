import type { z } from 'zod';
import { describeFirstIssue } from '../core/parse.ts';
import type { MalformedItemSchema, ScannedPromptSchema, ScannedResourceSchema } from '../schemas/scan-record.ts';
import type { ToolDefinition } from '../schemas/tool.ts';
import type { ScanLimits } from './limits.ts';
import { itemSchemas, listMethods, type McpSession } from './mcp-client.ts';

export type ListName = keyof typeof listMethods;
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

/** A list response that was not a list at all: the whole list is lost, not one item. */
export class ListShapeError extends Error {
  override readonly name = 'ListShapeError';
}

interface WalkResult { items: unknown[]; truncated: boolean; limitsHit: string[] }

/** Follows `nextCursor` page by page, stopping at the page and item caps or a repeated cursor. */
async function walkList(session: McpSession, list: ListName, limits: ScanLimits): Promise<WalkResult> {
  const items: unknown[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= limits.maxPages) return { items, truncated: true, limitsHit: [`maxPages:${list}`] };
    const result = await session.requestPage(listMethods[list], cursor, limits.requestTimeoutMs);
    const pageItems = result[list];
    if (!Array.isArray(pageItems)) throw new ListShapeError(`${listMethods[list]} answered without a \`${list}\` array`);
    const room = limits.maxItems - items.length;
    items.push(...pageItems.slice(0, room));
    if (pageItems.length > room) return { items, truncated: true, limitsHit: [`maxItems:${list}`] };
    const next = result.nextCursor;
    if (next === undefined || next === null || next === '') return { items, truncated: false, limitsHit: [] };
    if (typeof next !== 'string') throw new ListShapeError(`${listMethods[list]} answered with a nextCursor that is not a string`);
    if (seenCursors.has(next)) return { items, truncated: true, limitsHit: [`repeatedCursor:${list}`] };
    seenCursors.add(next);
    cursor = next;
  }
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

  const tools = await walkList(session, 'tools', limits);
  record('tools', tools);
  result.tools = salvage('tools', tools.items, itemSchemas.tools, result.malformed) as ToolDefinition[];

  const optional: ListName[] = [];
  if (capabilities.prompts) optional.push('prompts');
  if (capabilities.resources) optional.push('resources', 'resourceTemplates');
  for (const list of optional) {
    let walk: WalkResult;
    try {
      walk = await walkList(session, list, limits);
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
