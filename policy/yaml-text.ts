import { Document, isMap, isScalar, type Scalar } from 'yaml';
import { toCommentLine } from '../core/terminal-text.ts';

/**
 * Renders data as YAML through the `yaml` library (never by concatenation): every string value and the
 * keys listed in `quotedKeysUnder` are double-quoted, so untrusted names cannot read as booleans, numbers,
 * anchors or comments in any YAML parser; the header lines become `#` comments, one per line.
 */
export function renderYaml(data: unknown, options: { header: string[]; quotedKeysUnder?: string[] }): string {
  const document = new Document(data);
  for (const parentKey of options.quotedKeysUnder ?? []) {
    const node = document.get(parentKey, true);
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      if (isScalar(pair.key)) (pair.key as Scalar).type = 'QUOTE_DOUBLE';
    }
  }
  if (options.header.length) document.commentBefore = options.header.map((line) => ` ${toCommentLine(line)}`).join('\n');
  return document.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
}
