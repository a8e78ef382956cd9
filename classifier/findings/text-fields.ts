import type { ClassifierInput } from '../../schemas/tool.ts';

/** One piece of text from a tool definition that a model reads. */
export interface TextField {
  text: string;
  kind: 'name' | 'title' | 'description' | 'property-name' | 'property-description' | 'enum';
  /** The property it belongs to, for property fields. */
  property?: string;
}

const MAX_PROPERTIES = 200;
const MAX_ENUM_VALUES = 100;

/** Every text field a model reads, collected once per tool: name, title, description, and each property's parts. */
export function collectTextFields(tool: ClassifierInput): TextField[] {
  const fields: TextField[] = [{ text: tool.name, kind: 'name' }];
  if (tool.title) fields.push({ text: tool.title, kind: 'title' });
  if (tool.description) fields.push({ text: tool.description, kind: 'description' });
  const properties = tool.inputSchema?.['properties'];
  if (!properties || typeof properties !== 'object') return fields;
  let count = 0;
  for (const property in properties as Record<string, unknown>) {
    if (++count > MAX_PROPERTIES) break;
    fields.push({ text: property, kind: 'property-name', property });
    const raw = (properties as Record<string, unknown>)[property];
    if (!raw || typeof raw !== 'object') continue;
    const schema = raw as Record<string, unknown>;
    if (typeof schema['description'] === 'string') {
      fields.push({ text: schema['description'], kind: 'property-description', property });
    }
    if (Array.isArray(schema['enum'])) {
      for (const value of schema['enum'].slice(0, MAX_ENUM_VALUES)) {
        if (typeof value === 'string') fields.push({ text: value, kind: 'enum', property });
      }
    }
  }
  return fields;
}

/** Where a field is, for messages: `description`, `inputSchema.properties.path.description`, … */
export function describeField({ kind, property }: TextField): string {
  if (kind === 'property-name') return 'inputSchema.properties key';
  if (kind === 'property-description') return `inputSchema.properties.${property}.description`;
  if (kind === 'enum') return `inputSchema.properties.${property}.enum`;
  return kind;
}
