import { describeFirstIssue } from '../core/parse.ts';
import { listPageSchema } from '../core/mcp-sdk.ts';

/** The list methods a walk may follow, by the key their items come under. */
export const listMethods = {
  tools: 'tools/list',
  prompts: 'prompts/list',
  resources: 'resources/list',
  resourceTemplates: 'resources/templates/list',
} as const;

export type ListName = keyof typeof listMethods;

/** How far a walk goes: pages asked for, items kept. */
export interface ListCaps {
  maxPages: number;
  maxItems: number;
}

/** The items of every page read, and whether (and which) cap ended the walk early. */
export interface WalkResult {
  items: unknown[];
  truncated: boolean;
  limitsHit: string[];
}

/** Asks for one page of a list; resolves with the JSON-RPC result as the server sent it. */
export type RequestPage = (method: string, cursor: string | undefined) => Promise<unknown>;

/** A list response that was not a list at all: the whole list is lost, not one item. */
export class ListShapeError extends Error {
  override readonly name = 'ListShapeError';
}

/** A page as the protocol shapes it; a `nextCursor` of null is read as the end, as the SDK's own servers may send it. */
function readPage(list: ListName, result: unknown): { items: unknown[]; nextCursor: string | undefined } {
  const answer = typeof result === 'object' && result !== null && 'nextCursor' in result && result.nextCursor === null ? { ...result, nextCursor: undefined } : result;
  const parsed = listPageSchema(list).safeParse(answer);
  if (parsed.success) return { items: parsed.data[list], nextCursor: parsed.data.nextCursor || undefined };
  const method = listMethods[list];
  const hasItems = typeof result === 'object' && result !== null && Array.isArray(Object.entries(result).find(([key]) => key === list)?.[1]);
  throw new ListShapeError(hasItems ? `${method} answered with a page that does not fit the protocol: ${describeFirstIssue(parsed.error)}` : `${method} answered without a \`${list}\` array`);
}

/**
 * Follows `nextCursor` page by page, stopping at the page and item caps or a repeated cursor, and saying which
 * stopped it: a truncated list never looks complete. The one walk for the scanner's probe and the guard.
 */
export async function walkList(requestPage: RequestPage, list: ListName, caps: ListCaps): Promise<WalkResult> {
  const items: unknown[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= caps.maxPages) return { items, truncated: true, limitsHit: [`maxPages:${list}`] };
    const { items: pageItems, nextCursor } = readPage(list, await requestPage(listMethods[list], cursor));
    const room = caps.maxItems - items.length;
    items.push(...pageItems.slice(0, room));
    if (pageItems.length > room) return { items, truncated: true, limitsHit: [`maxItems:${list}`] };
    if (nextCursor === undefined) return { items, truncated: false, limitsHit: [] };
    if (seenCursors.has(nextCursor)) return { items, truncated: true, limitsHit: [`repeatedCursor:${list}`] };
    seenCursors.add(nextCursor);
    cursor = nextCursor;
  }
}
