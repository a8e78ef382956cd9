import type { Category } from '../../schemas/assessment.ts';
import { worseOf } from '../decide.ts';
import { type CategoryEvidence, type CategoryRule } from '../evidence.ts';
import type { Property } from '../features.ts';
import { readVerb } from '../verb-forms.ts';
import { splitIdentifier, splitWords, stem, toWord } from '../text.ts';

// Properties that pick which action a multi-action tool performs.
const ACTION_PROPERTY = /^(?:action|actions|operation|operations|op|method|http_method|mode|verb|command|subcommand|task|intent|crud)$/i;
const HTTP_METHOD: Record<string, Category> = { get: 'read', head: 'read', options: 'read', post: 'write', put: 'write', patch: 'write', delete: 'destructive' };
const HTTP_PROPERTY = /^(?:method|http_method)$/i;
const CONFIGURING = new Set(['create', 'update', 'add', 'set', 'configure', 'edit', 'modify', 'register'].map(stem));
const OVERWRITES = /\boverwrit|\bdiscard|\bdelet|\bdestroy|\bforce[- ]push|\brewrite (?:remote )?history/i;

function actionsOf(property: Property): { value: string; category: Category }[] {
  const found: { value: string; category: Category }[] = [];
  const values = property.enumValues.length ? property.enumValues : [];
  for (const value of values.slice(0, 100)) {
    const method = HTTP_METHOD[value.toLowerCase()];
    if (method && /^[A-Z]+$/.test(value)) {
      found.push({ value, category: method });
      continue;
    }
    for (const token of splitIdentifier(value)) {
      const reading = readVerb(toWord(token));
      if (reading) {
        found.push({ value, category: reading.verbClass === 'code' ? 'write' : reading.verbClass });
        break;
      }
    }
  }
  if (found.length === 0 && property.description) {
    // "One of: create, update, delete" in the property's description; only the harmful actions count.
    for (const token of splitWords(property.description).flatMap((word) => splitIdentifier(word.text))) {
      const reading = readVerb(toWord(token));
      if (reading?.form === 'base' && (reading.verbClass === 'destructive' || reading.verbClass === 'financial')) found.push({ value: token, category: reading.verbClass });
    }
  }
  return found;
}

/** Cues in the input schema: action enums, force and overwrite switches. */
export const schemaRule: CategoryRule = {
  id: 'schema',
  title: 'Input schema cues',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    const primary = features.verbs.find((verb) => verb.role === 'primary');
    const configuresRequests = primary !== undefined && CONFIGURING.has(primary.word.stem);
    for (const property of features.properties) {
      if (ACTION_PROPERTY.test(property.name)) {
        // A create or update tool's HTTP method configures a request someone else sends later (a monitor, a webhook).
        const configures = configuresRequests && HTTP_PROPERTY.test(property.name);
        const actions = actionsOf(property).filter((action) => !(configures && HTTP_METHOD[action.value.toLowerCase()]));
        const worst = actions.reduce<{ value: string; category: Category } | undefined>((best, action) => (!best || (action.category !== best.category && worseOf(action.category, best.category) === action.category) ? action : best), undefined);
        if (worst && worst.category !== 'read') {
          const fromEnum = property.enumValues.length > 0;
          evidence.push({
            id: `schema.action-${fromEnum ? 'enum' : 'described'}`,
            label: `"${property.name}" can select a ${worst.category} action`,
            evidence: `${property.name}: "${worst.value}"`,
            supports: worst.category,
            weight: fromEnum ? 3 : 2,
          });
        }
      }
      if (property.type === 'boolean') {
        const name = property.name.toLowerCase();
        if (/^(?:force|overwrite|replace_existing|overwrite_existing|allow_overwrite)$/.test(name)) {
          // A force switch the tool says overwrites or discards something makes the tool destructive ("force-push").
          const overwrites = OVERWRITES.test(`${property.description} ${features.description.toLowerCase()}`); // rare: lower-cased only here
          const weight = overwrites ? 2 : name.includes('overwrite') || name.includes('replace') ? 1.5 : 0.75;
          evidence.push({ id: 'schema.overwrite-switch', label: `"${property.name}" switch can override safeguards or overwrite`, evidence: `property "${property.name}"`, supports: 'destructive', weight });
        }
      }
    }
    return evidence;
  },
};
