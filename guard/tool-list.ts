import { countOf } from '../core/terminal-text.ts';
import { listPageSchema } from '../core/mcp-sdk.ts';
import type { Policy } from '../schemas/policy.ts';
import { walkList, type ListCaps, type RequestPage, type WalkResult } from '../scanner/list-walk.ts';
import { errorResponse, resultResponse, RPC_ERROR, type JsonRpcId } from './json-rpc.ts';
import type { SessionRecord } from './session-record.ts';
import { reviewToolList, type ToolVerdict } from './tool-verdicts.ts';

const ToolsPageSchema = listPageSchema('tools');

/**
 * The tool list the guard enforces: read from the server with the one capped list walk, reviewed against the
 * policy, checked again after `list_changed`, and filtered in the client's own `tools/list` answers.
 */
export class GuardToolList {
  policy: Policy | undefined;
  private verdicts = new Map<string, ToolVerdict>();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly requestPage: RequestPage, private readonly caps: ListCaps, private readonly record: SessionRecord) {}

  /** Reads the whole list from the server (rejects when the server fails or answers with something else). */
  fetch(): Promise<WalkResult> {
    return walkList(this.requestPage, 'tools', this.caps);
  }

  /** Replaces the verdicts with those of `items`, reporting what a person must hear about. */
  apply(items: readonly unknown[]): void {
    if (!this.policy) return;
    const reviewed = reviewToolList(items, this.policy);
    this.verdicts = new Map(reviewed.verdicts.map((verdict) => [verdict.name, verdict]));
    for (const report of reviewed.reports) this.record.tool(report, this.policy.defaultAction);
  }

  /** The verdict for a called tool, once a list being checked again has been. */
  async verdictFor(tool: string): Promise<ToolVerdict | undefined> {
    if (this.refreshing) await this.refreshing;
    return this.verdicts.get(tool);
  }

  /** Checks the list again (after `list_changed`); on failure the last checked list still applies. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        this.apply((await this.fetch()).items);
      } catch (error) {
        this.record.problem(`could not read the tool list again after list_changed: ${(error as Error).message}; the last checked list still applies`);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /**
   * The client's own `tools/list` answer, filtered: denied tools left out, the others annotated. An error answer
   * passes as it came; a result that is not a tool list page is never shown unfiltered.
   */
  filterAnswer(id: JsonRpcId, message: Record<string, unknown>, line: string): string {
    if (message.result === undefined) return line;
    const page = ToolsPageSchema.safeParse(message.result);
    if (!page.success) return errorResponse(id, RPC_ERROR.internalError, 'mcp-risk guard: the server answered tools/list with something that is not a tool list page, so nothing is shown.');
    // Without a policy (the client listed before initializing) nothing was reviewed, so nothing is shown.
    if (!this.policy) return resultResponse(id, { ...page.data, tools: [] });
    const reviewed = reviewToolList(page.data.tools, this.policy);
    for (const verdict of reviewed.verdicts) this.verdicts.set(verdict.name, verdict);
    for (const report of reviewed.reports) this.record.tool(report, this.policy.defaultAction);
    return resultResponse(id, { ...page.data, tools: reviewed.tools });
  }

  /** "7 tools: 4 allowed, 1 need approval, 2 denied". */
  summarize(): string {
    const verdicts = [...this.verdicts.values()];
    const count = (action: string) => verdicts.filter((verdict) => verdict.action === action && !verdict.argumentRules).length;
    const perCall = verdicts.filter((verdict) => verdict.argumentRules).length;
    return `${countOf(verdicts.length, 'tool')}: ${count('allow')} allowed, ${count('approve')} need approval, ${count('deny')} denied${perCall ? `, ${perCall} decided per call by argument rules` : ''}`;
  }
}
