import { parse as parseYaml } from 'yaml';
import { parseTextWith } from '../core/parse.ts';
import { PolicyRulesFileSchema, type PolicyRulesFile } from '../schemas/policy.ts';
import type { Command } from './command.ts';
import { readTextInput } from './read-input.ts';

/** Reads and checks a rules file (YAML or JSON), for `policy --rules` and `guard --rules`. */
export async function readRulesFile(file: string, io: Parameters<Command['run']>[1]): Promise<PolicyRulesFile> {
  return parseTextWith(PolicyRulesFileSchema, await readTextInput(file, io), { source: file, what: 'a rules file', hint: 'See "Rules files" in docs/policy.md.' }, (text) => parseYaml(text));
}
