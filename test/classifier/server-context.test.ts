import { describe, expect, test } from 'vitest';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { classifyServer, classifyTool } from '../../classifier/classify.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { SERVER_STAKES_SIGNAL } from '../../schemas/assessment.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';
import { makeScan } from '../policy/helpers.ts';

// An invented brokerage: the siblings show that the server moves money.
const brokerage: ClassifierInput[] = [
  { name: 'submit_market_order', description: 'Buy or sell shares at the market price.', inputSchema: { type: 'object', properties: { symbol: { type: 'string' }, side: { type: 'string', enum: ['buy', 'sell'] }, quantity: { type: 'number' } } } },
  { name: 'get_account_balance', description: 'Get the cash balance of the brokerage account.' },
  { name: 'adjust_holding', description: 'Adjust an open holding to a new size.', inputSchema: { type: 'object', properties: { holding_id: { type: 'string' }, size: { type: 'number' } } } },
  { name: 'update_portfolio_settings', description: 'Update the settings of a portfolio, such as its base currency and amount shown.' },
  { name: 'rename_watchlist', description: 'Rename a watchlist.' },
];
// An invented to-do list: the same verb on the same kind of word means nothing there.
const todo: ClassifierInput[] = [
  { name: 'adjust_holding', description: 'Adjust an open holding to a new size.' },
  { name: 'list_tasks', description: 'List the tasks of a project.' },
  { name: 'create_task', description: 'Create a task.' },
];

describe('a tool is judged with its siblings', () => {
  test('an ambiguous verb on a trade\'s part reads as financial on a server that moves money, with the siblings as evidence', () => {
    const assessments = classifyServer(brokerage);
    expect(assessments[2]!.category).toBe('financial');
    const signal = assessments[2]!.signals.find((item) => item.id === 'server.money-verb');
    expect(signal?.evidence).toContain('submit_market_order');
    expect(signal?.evidence).not.toContain('adjust_holding');
    expect(assessments[2]!.signals.some((item) => item.id === 'server.context')).toBe(true);
  });
  test('the same tool alone, or on a server that does not move money, stays a write', () => {
    expect(classifyTool(brokerage[2]!).category).toBe('write');
    expect(classifyServer(todo)[0]!.category).toBe('write');
    expect(classifyServer(todo)[0]!.signals.some((item) => item.id.startsWith('server.'))).toBe(false);
  });
  test('a state change on what a money server deals in is asked about; a watchlist rename is not', () => {
    const assessments = classifyServer(brokerage);
    expect(assessments[3]!.category).toBe('write');
    expect(assessments[3]!.signals.some((item) => item.id === SERVER_STAKES_SIGNAL)).toBe(true);
    expect(assessments[4]!.signals.some((item) => item.id === SERVER_STAKES_SIGNAL)).toBe(false);
    const tools = brokerage.map((tool, index) => ({ name: tool.name, description: tool.description ?? '', inputSchema: { type: 'object' as const }, pin: '0'.repeat(64), assessment: assessments[index]! }));
    const policy = recommendPolicy(policyInputFromRecord(makeScan(tools)));
    expect(policy.tools.find((tool) => tool.name === 'update_portfolio_settings')?.action).toBe('approve');
    expect(policy.tools.find((tool) => tool.name === 'update_portfolio_settings')?.reason).toContain('moves money');
    expect(policy.tools.find((tool) => tool.name === 'rename_watchlist')?.action).toBe('allow');
  });
  test('a server of one tool, or of tools that deal in nothing in particular, is read tool by tool', () => {
    expect(classifyServer([brokerage[2]!])).toEqual([classifyTool(brokerage[2]!)]);
    expect(classifyServer([])).toEqual([]);
  });
});

describe('the arguments are evidence', () => {
  const signalOf = (tool: ClassifierInput, id: string) => classifyTool(tool).signals.find((signal) => signal.id === id);
  test('a program with its arguments is run: execute, with the properties as evidence', () => {
    const tool = { name: 'launch_binary', description: 'Launch a binary on the device.', inputSchema: { type: 'object', properties: { executable: { type: 'string' }, argv: { type: 'array', items: { type: 'string' } } } } };
    expect(classifyTool(tool).category).toBe('execute');
    expect(signalOf(tool, 'arguments.program')?.evidence).toBe('properties "executable", "argv"');
  });
  test('value fields support money but do not decide alone', () => {
    const tool = { name: 'create_draft_invoice', description: 'Create a draft invoice.', inputSchema: { type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string' } } } };
    expect(signalOf(tool, 'arguments.value')?.evidence).toBe('properties "amount", "currency"');
    expect(classifyTool(tool).category).toBe('write');
  });
  test('a destructive switch and a confirmation that names a cost are shown', () => {
    const tool = { name: 'sync_folder', description: 'Sync a folder to the bucket.', inputSchema: { type: 'object', properties: { purge: { type: 'boolean' }, confirm: { type: 'boolean', description: 'Confirm that this incurs transfer fees.' } } } };
    expect(signalOf(tool, 'arguments.destructive-switch')?.evidence).toBe('property "purge"');
    expect(signalOf(tool, 'arguments.confirmation')?.label).toContain('a cost');
  });
  test('a read tool with a recursive switch is still a read', () => {
    const tool = { name: 'list_files', description: 'List files in a folder.', inputSchema: { type: 'object', properties: { recursive: { type: 'boolean' } } } };
    expect(classifyTool(tool).category).toBe('read');
    expect(signalOf(tool, 'arguments.destructive-switch')).toBeUndefined();
  });
});
