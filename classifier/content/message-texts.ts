// Finds the text in a JSON-RPC message that someone will read, by the message's shape: a response does not name
// its method, so a tool result is known by `content`, a prompt by `messages`, a resource by `contents`.

/** Who will read a piece of text, which decides the checks and how hostile findings count. */
export type TextRole =
  /** A tool, prompt or resource definition: the model reads it before anything runs. Hostile means block. */
  | 'definition'
  /** A tool result, a prompt's messages, a resource's contents, `initialize` instructions: read by the model. */
  | 'result'
  /** Something the server asks the person or a model for: elicitation, sampling. */
  | 'request'
  /** A call's arguments, on their way to the server. */
  | 'argument';

/** One text, where it was, and who reads it. */
export interface LocatedText {
  text: string;
  location: string;
  role: TextRole;
}

/** A tool definition found in a `tools/list` result, with where it was. */
export interface LocatedTool {
  tool: Record<string, unknown>;
  location: string;
}

/** Everything the checks read in one message. */
export interface MessageTexts {
  texts: LocatedText[];
  tools: LocatedTool[];
  /** Form fields of an elicitation request, with their schemas. */
  formFields: { name: string; schema: Record<string, unknown>; location: string }[];
  /** Set when a cap stopped the walk: the rest of the message was not read. */
  truncated: boolean;
}

const MAX_STRINGS = 5_000;
const MAX_CHARACTERS = 4_000_000;
const MAX_DEPTH = 20;
const MAX_TOOLS = 1_000;
/** Base64 payloads of images, audio and blobs: no one reads them as text. */
const BINARY_FIELDS: ReadonlySet<string> = new Set(['data', 'blob']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

class TextCollector {
  readonly found: MessageTexts = { texts: [], tools: [], formFields: [], truncated: false };
  private characters = 0;

  add(text: string, location: string, role: TextRole): void {
    if (this.found.texts.length >= MAX_STRINGS || this.characters + text.length > MAX_CHARACTERS) {
      this.found.truncated = true;
      return;
    }
    this.characters += text.length;
    this.found.texts.push({ text, location, role });
  }

  /** Every string under `value` (keys too, for arguments: a key can carry a payload as well as a value). */
  walk(value: unknown, location: string, role: TextRole, depth = 0): void {
    if (typeof value === 'string') {
      this.add(value, location, role);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (depth >= MAX_DEPTH) {
      this.found.truncated = true;
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.walk(item, pathOf(location, index), role, depth + 1));
      return;
    }
    for (const key in value as Record<string, unknown>) {
      if (role === 'result' && BINARY_FIELDS.has(key)) continue;
      if (role === 'argument' && key.length > 1) this.add(key, `${pathOf(location, key)} (key)`, role);
      this.walk((value as Record<string, unknown>)[key], pathOf(location, key), role, depth + 1);
    }
  }
}

/** A `tools/call` request's arguments: every string in them. */
function collectArguments(collector: TextCollector, params: Record<string, unknown>): void {
  collector.walk(params['arguments'], 'params.arguments', 'argument');
}

function collectResult(collector: TextCollector, result: Record<string, unknown>): void {
  if (Array.isArray(result['tools'])) {
    result['tools'].slice(0, MAX_TOOLS).forEach((tool, index) => {
      if (isRecord(tool)) collector.found.tools.push({ tool, location: `result.tools[${index}]` });
    });
    if (result['tools'].length > MAX_TOOLS) collector.found.truncated = true;
  }
  // Prompt and resource listings: their descriptions are read like tool descriptions.
  for (const listing of ['prompts', 'resources', 'resourceTemplates'] as const) {
    const items = result[listing];
    if (!Array.isArray(items)) continue;
    items.slice(0, MAX_TOOLS).forEach((item, index) => {
      if (!isRecord(item)) return;
      for (const field of ['name', 'title', 'description'] as const) {
        if (typeof item[field] === 'string') collector.add(item[field], `result.${listing}[${index}].${field}`, 'definition');
      }
    });
  }
  if (typeof result['instructions'] === 'string') collector.add(result['instructions'], 'result.instructions', 'result');
  // Tool results (content, structuredContent), prompts (messages, description) and resources (contents).
  for (const field of ['content', 'structuredContent', 'messages', 'contents'] as const) {
    if (result[field] !== undefined) collector.walk(result[field], `result.${field}`, 'result');
  }
  if (Array.isArray(result['messages']) && typeof result['description'] === 'string') collector.add(result['description'], 'result.description', 'result');
}

function collectElicitation(collector: TextCollector, params: Record<string, unknown>): void {
  if (typeof params['message'] === 'string') collector.add(params['message'], 'params.message', 'request');
  const schema = params['requestedSchema'];
  const properties = isRecord(schema) && isRecord(schema['properties']) ? schema['properties'] : {};
  for (const name in properties) {
    const property = properties[name];
    if (!isRecord(property)) continue;
    const location = `params.requestedSchema.properties.${name}`;
    collector.found.formFields.push({ name, schema: property, location });
    for (const field of ['title', 'description'] as const) {
      if (typeof property[field] === 'string') collector.add(property[field], `${location}.${field}`, 'request');
    }
  }
}

function collectSampling(collector: TextCollector, params: Record<string, unknown>): void {
  if (typeof params['systemPrompt'] === 'string') collector.add(params['systemPrompt'], 'params.systemPrompt', 'request');
  collector.walk(params['messages'], 'params.messages', 'request');
}

/** Which side sent a message. */
export type Direction = 'server-to-client' | 'client-to-server';

/** The texts of one message that the checks read; nothing for messages no one reads (pings, progress, cancellation). */
export function collectMessageTexts(message: Record<string, unknown>, direction: Direction): MessageTexts {
  const collector = new TextCollector();
  const params = isRecord(message['params']) ? message['params'] : {};
  const method = typeof message['method'] === 'string' ? message['method'] : undefined;
  if (direction === 'client-to-server') {
    if (method === 'tools/call') collectArguments(collector, params);
    return collector.found;
  }
  if (method === 'elicitation/create') collectElicitation(collector, params);
  else if (method === 'sampling/createMessage') collectSampling(collector, params);
  else if (method === undefined && isRecord(message['result'])) collectResult(collector, message['result']);
  return collector.found;
}
