import type { Category, Finding } from '../../schemas/assessment.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';

/** A tool without a real description: the model (and we) can only guess from its name. */
export function findMissingDescription(tool: ClassifierInput): Finding[] {
  const description = (tool.description ?? '').trim();
  if (description.length >= 12 && description.toLowerCase() !== tool.name.toLowerCase()) return [];
  return [{
    id: 'missing-description',
    severity: 'warning',
    message: description ? 'The description is too short to say what the tool does.' : 'The tool has no description; it was judged from its name and schema alone.',
    evidence: description ? `description: "${description.slice(0, 40)}"` : 'description: (empty)',
  }];
}

/** Declared hints that contradict the assessment. Claiming to be safer than it is is a warning; the reverse is info. */
export function findAnnotationMismatch(tool: ClassifierInput, category: Category): Finding[] {
  const annotations = tool.annotations;
  if (!annotations) return [];
  const findings: Finding[] = [];
  const changes = category !== 'read';
  if (annotations.readOnlyHint === true && changes) {
    findings.push({ id: 'annotation-mismatch', severity: 'warning', message: `Declared read-only, but the tool looks ${category}.`, evidence: 'readOnlyHint: true' });
  }
  if (annotations.destructiveHint === false && annotations.readOnlyHint !== true && (category === 'destructive' || category === 'execute' || category === 'financial')) {
    findings.push({ id: 'annotation-mismatch', severity: 'warning', message: `Declared non-destructive, but the tool looks ${category}.`, evidence: 'destructiveHint: false' });
  }
  if (annotations.destructiveHint === true && annotations.readOnlyHint !== true && (category === 'read' || category === 'write')) {
    findings.push({ id: 'annotation-mismatch', severity: 'info', message: `Declared destructive, but the tool looks ${category}; the policy keeps the author's caution in mind.`, evidence: 'destructiveHint: true' });
  }
  if (annotations.readOnlyHint === false && !changes) {
    findings.push({ id: 'annotation-mismatch', severity: 'info', message: 'Declared as changing its environment, but the tool looks read-only.', evidence: 'readOnlyHint: false' });
  }
  return findings;
}

/** Parts of a definition the analysis cut (the cheap dangerous-cue checks still read them): the verdict may miss something. */
export function findTruncation(truncated: readonly string[]): Finding[] {
  if (truncated.length === 0) return [];
  return [{
    id: 'definition-truncated',
    severity: 'warning',
    message: 'The definition is longer than the classifier analyses in full; only cheap checks for dangerous cues read the rest.',
    evidence: truncated.join('; '),
  }];
}
