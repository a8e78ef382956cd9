import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import type { Category, Risk } from '../../schemas/assessment.ts';

// The examples table of the taxonomy (docs/taxonomy.md), pinned: name, description, category, risk.
const examples: [string, string, Category, Risk][] = [
  ['docker_remove_image', 'Remove an image. Requires confirmation before proceeding.', 'destructive', 'critical'],
  ['push_image', 'Upload a Docker image to a registry', 'write', 'high'],
  ['list_containers', 'List containers', 'read', 'low'],
  ['read_file', 'Read the complete contents of a file from the file system', 'read', 'medium'],
  ['get_secret_value', 'Retrieve the value of a secret', 'read', 'high'],
  ['send_email', 'Send an email', 'write', 'high'],
  ['create_memory', 'Store entities in the knowledge graph', 'write', 'low'],
  ['add_observations', 'Store entities in the knowledge graph', 'write', 'low'],
  ['execute_sql', 'Execute any SQL statement', 'execute', 'critical'],
  ['run_query', 'Run a read-only SELECT query', 'read', 'medium'],
  ['delete_comment', 'Delete an issue comment', 'destructive', 'high'],
  ['delete_repository', 'Delete a repository', 'destructive', 'critical'],
  ['create_refund', 'Refund a charge', 'financial', 'critical'],
  ['browser_click', 'Click an element on the page', 'write', 'medium'],
  ['browser_evaluate', 'Evaluate JavaScript on the page', 'execute', 'high'],
  ['trigger_workflow', 'Run a GitHub Actions workflow by id', 'write', 'medium'],
];

const schemas: Record<string, Record<string, unknown>> = {
  read_file: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  execute_sql: { type: 'object', properties: { sql: { type: 'string' } } },
  run_query: { type: 'object', properties: { sql: { type: 'string' } } },
  browser_evaluate: { type: 'object', properties: { function: { type: 'string' } } },
};

describe('the taxonomy examples', () => {
  test.each(examples)('%s → %s / %s', (name, description, category, risk) => {
    const assessment = classifyTool({ name, description, inputSchema: schemas[name] ?? { type: 'object' } });
    expect({ category: assessment.category, risk: assessment.risk }).toEqual({ category, risk });
  });
});
