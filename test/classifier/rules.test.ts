import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import type { Category } from '../../schemas/assessment.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';

const object = (properties: Record<string, unknown>) => ({ type: 'object', properties });

describe('name styles all reach the verb', () => {
  test.each([
    ['delete_repository', 'destructive'],
    ['deleteRepository', 'destructive'],
    ['delete-repository', 'destructive'],
    ['repo.delete', 'destructive'],
    ['DeleteRepository', 'destructive'],
    ['repository_delete', 'destructive'],
    ['getHTTPResponse', 'read'],
    ['listPullRequests', 'read'],
    ['gather_or_delete_clusters', 'destructive'],
    ['createOrUpdateFile', 'write'],
    ['list_deleted_items', 'read'],
  ] as [string, Category][])('%s → %s (no description)', (name, category) => {
    expect(classifyTool({ name }).category).toBe(category);
  });
});

describe('the description decides when the name is vague', () => {
  test.each([
    ['manage_triggers', 'Manage triggers. This tool allows you to create, delete, list and start triggers.', 'destructive'],
    ['ops', 'List, get details about, or delete clusters.', 'destructive'],
    ['write_file', 'Create a new file or completely overwrite an existing file with new content.', 'destructive'],
    ['trash_file', 'Move a file to the trash, where it can be restored.', 'write'],
    ['remove_label', 'Remove a label from an issue.', 'write'],
    ['remove_role', 'Remove a role from a server member.', 'write'],
    ['remove_volume', 'Remove a Docker volume.', 'destructive'],
    ['introspect', 'Get information about a type. Use this tool to explore the schema. Start with the root query.', 'read'],
    ['get_status', 'Returns the status. Call this before you delete anything.', 'read'],
    ['browser_drag', 'Perform drag and drop between two elements.', 'write'],
    ['tfdestroy', 'Tear down deployed infrastructure. Destroys every resource of the stack.', 'destructive'],
    ['delete_email', 'Delete an email (moves to trash or expunges).', 'destructive'],
    ['device_command', 'Send a command to a device. DESTRUCTIVE: factoryreset requires confirm=true.', 'destructive'],
    ['load_dump', 'Load a dump file into the database.', 'write'],
    ['docs_fetch', 'Fetch and convert a documentation page into markdown format.', 'read'],
    ['graphql_execute', 'Execute a GraphQL operation against the API.', 'execute'],
    ['validate_graphql', 'This tool validates GraphQL code blocks so they have no invented fields or operations.', 'read'],
  ] as [string, string, Category][])('%s: %s → %s', (name, description, category) => {
    expect(classifyTool({ name, description }).category).toBe(category);
  });
});

describe('negation and read-only claims', () => {
  test.each([
    ['check_changes', 'Shows what would change. Does not modify any files.', 'read'],
    ['explain_plan', 'Get the plan for a query without executing it.', 'read'],
    ['query', 'Run a read-only SQL query against the database.', 'read'],
  ] as [string, string, Category][])('%s → %s', (name, description, category) => {
    expect(classifyTool({ name, description, inputSchema: object({ sql: { type: 'string' } }) }).category).toBe(category);
  });
});

describe('schema cues', () => {
  test.each<[string, ClassifierInput, Category]>([
    ['an action enum with delete', { name: 'manage_issue', description: 'Manage an issue.', inputSchema: object({ action: { type: 'string', enum: ['create', 'update', 'delete'] } }) }, 'destructive'],
    ['an HTTP method enum with DELETE', { name: 'http_request', description: 'Send an HTTP request.', inputSchema: object({ method: { type: 'string', enum: ['GET', 'POST', 'DELETE'] } }) }, 'destructive'],
    ['a filter enum is not an action', { name: 'list_audit_logs', description: 'List audit logs.', inputSchema: object({ action_type: { type: 'string', enum: ['create', 'delete'] } }) }, 'read'],
    ['a command string that is run', { name: 'terminal', description: 'Run a command on the host.', inputSchema: object({ command: { type: 'string' } }) }, 'execute'],
    ['a script path is not code', { name: 'analyze_script', description: 'Analyze a test script for problems.', inputSchema: object({ script_path: { type: 'string' } }) }, 'read'],
    ['a fixed job is a write', { name: 'run_workflow', description: 'Run a CI workflow by id.', inputSchema: object({ workflow_id: { type: 'string' } }) }, 'write'],
    ['an INSERT-only statement is a write', { name: 'insert_data', description: 'Inserts data. Expects a valid INSERT SQL statement.', inputSchema: object({ sql: { type: 'string' } }) }, 'write'],
    ['a read-only query language reads', { name: 'soql_query', description: 'Execute SOQL queries against Salesforce.', inputSchema: object({ query: { type: 'string' } }) }, 'read'],
  ])('%s', (_, tool, category) => {
    expect(classifyTool(tool).category).toBe(category);
  });
});

describe('money', () => {
  test.each([
    ['pay_invoice', 'Pay a Lightning invoice', 'financial'],
    ['create_payment', 'Create a payment to a recipient', 'financial'],
    ['transfer_funds', 'Transfer funds between bank accounts', 'financial'],
    ['transfer_issue', 'Transfer an issue to another repository', 'write'],
    ['create_stock_transfer', 'Create a stock transfer moving inventory between locations', 'write'],
    ['create_payment_link', 'Create a payment link for a product', 'write'],
    ['list_refunds', 'List refunds for a charge', 'read'],
  ] as [string, string, Category][])('%s → %s', (name, description, category) => {
    expect(classifyTool({ name, description }).category).toBe(category);
  });
});

describe('annotations are weighed, never decisive against a clear reading', () => {
  test('readOnlyHint on a delete is overruled and recorded as a mismatch', () => {
    const assessment = classifyTool({ name: 'delete_file', description: 'Delete a file.', annotations: { readOnlyHint: true } });
    expect(assessment.category).toBe('destructive');
    expect(assessment.findings.map((finding) => finding.id)).toContain('annotation-mismatch');
  });
  test('readOnlyHint tips a vague tool to read', () => {
    expect(classifyTool({ name: 'thing', description: 'Handles things.', annotations: { readOnlyHint: true } }).category).toBe('read');
  });
});

describe('every signal names its evidence', () => {
  test('signals carry the word or field they came from', () => {
    const assessment = classifyTool({ name: 'delete_repository', description: 'Permanently delete a repository.', inputSchema: object({ force: { type: 'boolean' } }) });
    expect(assessment.signals.length).toBeGreaterThan(0);
    for (const signal of assessment.signals) expect(signal.evidence.length).toBeGreaterThan(0);
    expect(assessment.signals.map((signal) => signal.evidence).join(' ')).toContain('delete_repository');
  });
});

describe('confidence', () => {
  test('is lower without a description', () => {
    const bare = classifyTool({ name: 'delete_repository' });
    const described = classifyTool({ name: 'delete_repository', description: 'Delete a repository permanently.' });
    expect(bare.confidence).toBeLessThan(described.confidence);
  });
  test('is deterministic', () => {
    const tool = { name: 'send_message', description: 'Send a message to a Slack channel.' };
    expect(classifyTool(tool)).toEqual(classifyTool(tool));
  });
});

describe('inferred annotations follow the category', () => {
  test.each<[string, string, Partial<Record<string, boolean>>]>([
    ['list_files', 'List files in a directory', { readOnlyHint: true, destructiveHint: false, openWorldHint: false }],
    ['delete_bucket', 'Delete a storage bucket in the cloud', { readOnlyHint: false, destructiveHint: true, idempotentHint: true }],
    ['send_email', 'Send an email', { readOnlyHint: false, destructiveHint: false, idempotentHint: false }],
    ['set_topic', 'Set the topic of a channel', { readOnlyHint: false, idempotentHint: true }],
  ])('%s', (name, description, expected) => {
    expect(classifyTool({ name, description }).inferredAnnotations).toMatchObject(expected);
  });
});
