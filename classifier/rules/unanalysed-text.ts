import type { Category } from '../../schemas/assessment.ts';
import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';

// Cheap checks for dangerous cues in text the analysis cut: a command after pages of padding still counts.
const CUES: { supports: Category; pattern: RegExp }[] = [
  { supports: 'execute', pattern: /\b(?:execute|executes|run|runs|eval|evaluate|evaluates)\s+(?:\w+\s+){0,3}(?:commands?|code|scripts?|shell|sql|statements?|programs?)\b|(?:^|[^a-z])(?:command|cmd|script|code|sql)"\s*:\s*\{\s*"type"\s*:\s*"string"/ },
  { supports: 'financial', pattern: /\b(?:pay|pays|refund|refunds|purchase|purchases|transfer funds|transfers funds|send (?:money|funds|payment))\b/ },
  { supports: 'destructive', pattern: /\b(?:delete|deletes|drop|drops|destroy|destroys|purge|purges|truncate|truncates|wipe|wipes|erase|erases|overwrite|overwrites)\b/ },
];

/**
 * What the full analysis did not read is still read for the worst cues. A cue there is only a mention (weight 1),
 * often an instruction to the reader; the verdict's confidence drops below the policy's doubt line so a person looks.
 */
export const unanalysedTextRule: CategoryRule = {
  id: 'unanalysed',
  title: 'Dangerous cues in text past the analysis limits',
  evaluate({ unanalysed }) {
    if (!unanalysed) return [];
    const evidence: CategoryEvidence[] = [];
    for (const { supports, pattern } of CUES) {
      const match = pattern.exec(unanalysed);
      if (match) evidence.push({ id: `unanalysed.${supports}`, label: `past the analysis limits, the definition mentions a ${supports} action`, evidence: quote(match[0]), supports, weight: 1 });
    }
    return evidence;
  },
};
