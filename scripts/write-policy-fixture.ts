/**
 * Writes test/fixtures/scans/server-filesystem.json: a scan record of @modelcontextprotocol/server-filesystem
 * with its assessments embedded, so the policy goldens do not move when the classifier's rules are tuned.
 *
 * Tools: names, titles, descriptions, input schemas and annotations transcribed from
 * modelcontextprotocol/servers src/filesystem/index.ts at commit 006f77f4bf93b28b79407229b35d7a7007270e87
 * (server "secure-filesystem-server" 0.2.0); input schemas as the SDK's McpServer renders the zod shapes.
 *
 * Assessments: written by hand to what the taxonomy says (reads of arbitrary paths are medium, write_file
 * overwrites without warning), because the classifier is a placeholder while its rules are rewritten.
 * `tsx scripts/write-policy-fixture.ts --reassess` replaces them with the current `classifyTool` output;
 * then run `UPDATE_GOLDEN=1 npx vitest run test/policy` and review the golden diff.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { classifyTool } from '../classifier/classify.ts';
import type { Assessment } from '../schemas/assessment.ts';
import { ScanRecordSchema, type ScanRecord } from '../schemas/scan-record.ts';

const draft7 = 'http://json-schema.org/draft-07/schema#';
const objectSchema = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  ...(required.length && { required }),
  additionalProperties: false,
  $schema: draft7,
});
const path = { type: 'string' };
const textOutput = objectSchema({ content: { type: 'string' } }, ['content']);
const readOnly = { readOnlyHint: true };

const tools = [
  {
    name: 'read_file',
    title: 'Read File (Deprecated)',
    description: 'Read the complete contents of a file as text. DEPRECATED: Use read_text_file instead.',
    inputSchema: objectSchema({ path, tail: { type: 'number', description: 'If provided, returns only the last N lines of the file' }, head: { type: 'number', description: 'If provided, returns only the first N lines of the file' } }, ['path']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'read_text_file',
    title: 'Read Text File',
    description:
      "Read the complete contents of a file from the file system as text. Handles various text encodings and provides detailed error messages if the file cannot be read. Use this tool when you need to examine the contents of a single file. Use the 'head' parameter to read only the first N lines of a file, or the 'tail' parameter to read only the last N lines of a file. Operates on the file as text regardless of extension. Only works within allowed directories.",
    inputSchema: objectSchema({ path, tail: { type: 'number', description: 'If provided, returns only the last N lines of the file' }, head: { type: 'number', description: 'If provided, returns only the first N lines of the file' } }, ['path']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'read_media_file',
    title: 'Read Media File',
    description: 'Read an image or audio file. Returns the base64 encoded data and MIME type. Only works within allowed directories.',
    inputSchema: objectSchema({ path }, ['path']),
    annotations: readOnly,
  },
  {
    name: 'read_multiple_files',
    title: 'Read Multiple Files',
    description:
      "Read the contents of multiple files simultaneously. This is more efficient than reading files one by one when you need to analyze or compare multiple files. Each file's content is returned with its path as a reference. Failed reads for individual files won't stop the entire operation. Only works within allowed directories.",
    inputSchema: objectSchema({ paths: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Array of file paths to read. Each path must be a string pointing to a valid file within allowed directories.' } }, ['paths']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'write_file',
    title: 'Write File',
    description:
      'Create a new file or completely overwrite an existing file with new content. Use with caution as it will overwrite existing files without warning. Handles text content with proper encoding. Only works within allowed directories.',
    inputSchema: objectSchema({ path, content: { type: 'string' } }, ['path', 'content']),
    outputSchema: textOutput,
    annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: true },
  },
  {
    name: 'edit_file',
    title: 'Edit File',
    description: 'Make line-based edits to a text file. Each edit replaces exact line sequences with new content. Returns a git-style diff showing the changes made. Only works within allowed directories.',
    inputSchema: objectSchema(
      {
        path,
        edits: {
          type: 'array',
          items: objectSchema({ oldText: { type: 'string', description: 'Text to search for - must match exactly' }, newText: { type: 'string', description: 'Text to replace with' } }, ['oldText', 'newText']),
        },
        dryRun: { type: 'boolean', default: false, description: 'Preview changes using git-style diff format' },
      },
      ['path', 'edits'],
    ),
    outputSchema: textOutput,
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: true },
  },
  {
    name: 'create_directory',
    title: 'Create Directory',
    description:
      'Create a new directory or ensure a directory exists. Can create multiple nested directories in one operation. If the directory already exists, this operation will succeed silently. Perfect for setting up directory structures for projects or ensuring required paths exist. Only works within allowed directories.',
    inputSchema: objectSchema({ path }, ['path']),
    outputSchema: textOutput,
    annotations: { readOnlyHint: false, idempotentHint: true, destructiveHint: false },
  },
  {
    name: 'list_directory',
    title: 'List Directory',
    description:
      'Get a detailed listing of all files and directories in a specified path. Results clearly distinguish between files and directories with [FILE] and [DIR] prefixes. This tool is essential for understanding directory structure and finding specific files within a directory. Only works within allowed directories.',
    inputSchema: objectSchema({ path }, ['path']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'list_directory_with_sizes',
    title: 'List Directory with Sizes',
    description:
      'Get a detailed listing of all files and directories in a specified path, including sizes. Results clearly distinguish between files and directories with [FILE] and [DIR] prefixes. This tool is useful for understanding directory structure and finding specific files within a directory. Only works within allowed directories.',
    inputSchema: objectSchema({ path, sortBy: { type: 'string', enum: ['name', 'size'], default: 'name', description: 'Sort entries by name or size' } }, ['path']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'directory_tree',
    title: 'Directory Tree',
    description:
      "Get a recursive tree view of files and directories as a JSON structure. Each entry includes 'name', 'type' (file/directory), and 'children' for directories. Files have no children array, while directories always have a children array (which may be empty). The output is formatted with 2-space indentation for readability. Only works within allowed directories.",
    inputSchema: objectSchema({ path, excludePatterns: { type: 'array', items: { type: 'string' }, default: [] } }, ['path']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'move_file',
    title: 'Move File',
    description:
      'Move or rename files and directories. Can move files between directories and rename them in a single operation. If the destination exists, the operation will fail. Works across different directories and can be used for simple renaming within the same directory. Both source and destination must be within allowed directories.',
    inputSchema: objectSchema({ source: { type: 'string' }, destination: { type: 'string' } }, ['source', 'destination']),
    outputSchema: textOutput,
    annotations: { readOnlyHint: false, idempotentHint: false, destructiveHint: false },
  },
  {
    name: 'search_files',
    title: 'Search Files',
    description:
      "Recursively search for files and directories matching a pattern. The patterns should be glob-style patterns that match paths relative to the working directory. Use pattern like '*.ext' to match files in current directory, and '**/*.ext' to match files in all subdirectories. Returns full paths to all matching items. Great for finding files when you don't know their exact location. Only searches within allowed directories.",
    inputSchema: objectSchema({ path, pattern: { type: 'string' }, excludePatterns: { type: 'array', items: { type: 'string' }, default: [] } }, ['path', 'pattern']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'get_file_info',
    title: 'Get File Info',
    description:
      'Retrieve detailed metadata about a file or directory. Returns comprehensive information including size, creation time, last modified time, permissions, and type. This tool is perfect for understanding file characteristics without reading the actual content. Only works within allowed directories.',
    inputSchema: objectSchema({ path }, ['path']),
    outputSchema: textOutput,
    annotations: readOnly,
  },
  {
    name: 'list_allowed_directories',
    title: 'List Allowed Directories',
    description:
      'Returns the list of directories that this server is allowed to access. Subdirectories within these allowed directories are also accessible. Use this to understand which directories and their nested paths are available before trying to access files.',
    inputSchema: objectSchema({}, []),
    outputSchema: textOutput,
    annotations: readOnly,
  },
];

const readHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const signal = (id: string, label: string, evidence: string) => ({ id, label, evidence });
const assess = (category: Assessment['category'], risk: Assessment['risk'], score: number, signals: Assessment['signals'], inferredAnnotations: Assessment['inferredAnnotations'] = readHints): Assessment => ({
  category, risk, score, confidence: 0.9, signals, findings: [], inferredAnnotations,
});
const arbitraryRead = (verb: string) =>
  assess('read', 'medium', 2, [signal('name-verb.read', 'name verb reads', verb), signal('schema.path', 'takes a file path', 'inputSchema.properties.path'), signal('annotation.read-only', 'declared read-only', 'annotations.readOnlyHint: true')]);
const listing = (evidence: string) => assess('read', 'low', 1, [signal('name-verb.list', 'name verb lists', evidence), signal('annotation.read-only', 'declared read-only', 'annotations.readOnlyHint: true')]);

/** Hand-written verdicts, in the order of `tools`. */
const assessments: Record<string, Assessment> = {
  read_file: arbitraryRead('read'),
  read_text_file: arbitraryRead('read'),
  read_media_file: arbitraryRead('read'),
  read_multiple_files: assess('read', 'medium', 2, [signal('name-verb.read', 'name verb reads', 'read'), signal('schema.paths', 'takes many file paths', 'inputSchema.properties.paths'), signal('annotation.read-only', 'declared read-only', 'annotations.readOnlyHint: true')]),
  write_file: assess('destructive', 'high', 4, [signal('description.overwrite', 'overwrites existing data', 'completely overwrite an existing file'), signal('description.warning', 'warns of no confirmation', 'without warning'), signal('name-verb.write', 'name verb writes', 'write')], { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }),
  edit_file: assess('write', 'high', 4, [signal('name-verb.edit', 'name verb edits', 'edit'), signal('description.replace', 'replaces content', 'replaces exact line sequences'), signal('annotation.destructive', 'declared destructive', 'annotations.destructiveHint: true')], { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }),
  create_directory: assess('write', 'medium', 2, [signal('name-verb.create', 'name verb creates', 'create'), signal('annotation.not-destructive', 'declared not destructive', 'annotations.destructiveHint: false')], { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false }),
  list_directory: listing('list'),
  list_directory_with_sizes: listing('list'),
  directory_tree: assess('read', 'low', 1, [signal('description.read', 'describes a read', 'Get a recursive tree view'), signal('annotation.read-only', 'declared read-only', 'annotations.readOnlyHint: true')]),
  move_file: assess('write', 'medium', 3, [signal('name-verb.move', 'name verb moves', 'move'), signal('description.rename', 'renames files', 'Move or rename files and directories')], { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }),
  search_files: assess('read', 'low', 1, [signal('name-verb.search', 'name verb searches', 'search'), signal('annotation.read-only', 'declared read-only', 'annotations.readOnlyHint: true')]),
  get_file_info: assess('read', 'low', 1, [signal('name-verb.get', 'name verb gets', 'get'), signal('description.metadata', 'reads metadata only', 'without reading the actual content')]),
  list_allowed_directories: listing('list'),
};

/** JSON with keys sorted at every level, so equal definitions hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function pinOf(tool: { name: string; description?: string; inputSchema: unknown; annotations?: unknown }): string {
  const { name, description, inputSchema, annotations } = tool;
  return createHash('sha256').update(canonicalJson({ name, description, inputSchema, annotations })).digest('hex');
}

const reassess = process.argv.includes('--reassess');
const record: ScanRecord = ScanRecordSchema.parse({
  schemaVersion: 1,
  target: 'npm:@modelcontextprotocol/server-filesystem',
  targetKind: 'npm',
  scannerVersion: '0.1.0',
  classifierVersion: reassess ? 'current' : 'hand-written-fixture',
  scannedAt: '2026-01-01T00:00:00.000Z',
  sandbox: { backend: 'none', limits: { startTimeoutMs: 30000, requestTimeoutMs: 10000, memoryBytes: 536870912, maxProcesses: 64, maxMessageBytes: 4194304, maxStdoutBytes: 16777216, maxPages: 20, maxItems: 1000 } },
  limitsHit: [],
  timings: { totalMs: 0 },
  status: 'ok',
  detail: 'fixture: tools transcribed from source, not from a live scan',
  environment: [],
  server: { name: 'secure-filesystem-server', version: '0.2.0', protocolVersion: '2025-06-18', capabilities: { tools: { listChanged: true } } },
  tools: tools.map((tool) => ({ ...tool, pin: pinOf(tool), assessment: reassess ? classifyTool(tool) : assessments[tool.name] })),
  prompts: [],
  resources: [],
  malformed: [],
  truncated: [],
});

const target = new URL('../test/fixtures/scans/server-filesystem.json', import.meta.url);
await writeFile(target, `${JSON.stringify(record, null, 2)}\n`);
console.log(`wrote ${target.pathname} (${record.tools.length} tools, assessments ${reassess ? 'from classifyTool' : 'hand-written'})`);
