import { type CategoryEvidence, type CategoryRule } from '../evidence.ts';

/** Declared MCP hints: claims by the author, weighed like any other evidence and never decisive alone. */
export const annotationRule: CategoryRule = {
  id: 'annotation',
  title: 'Declared MCP annotations',
  evaluate({ annotations }) {
    const evidence: CategoryEvidence[] = [];
    if (!annotations) return evidence;
    if (annotations.readOnlyHint === true) {
      evidence.push({ id: 'annotation.read-only', label: 'declared read-only', evidence: 'readOnlyHint: true', supports: 'read', weight: 1.5 });
      for (const category of ['write', 'destructive'] as const) {
        evidence.push({ id: 'annotation.read-only', label: 'declared read-only', evidence: 'readOnlyHint: true', supports: category, weight: -1 });
      }
    }
    if (annotations.readOnlyHint === false) {
      evidence.push({ id: 'annotation.not-read-only', label: 'declared as changing its environment', evidence: 'readOnlyHint: false', supports: 'write', weight: 0.75 });
    }
    if (annotations.destructiveHint === true && annotations.readOnlyHint === false) {
      evidence.push({ id: 'annotation.destructive', label: 'declared destructive', evidence: 'destructiveHint: true', supports: 'destructive', weight: 0.75 });
    }
    if (annotations.destructiveHint === false && annotations.readOnlyHint !== true) {
      evidence.push({ id: 'annotation.not-destructive', label: 'declared not destructive', evidence: 'destructiveHint: false', supports: 'destructive', weight: -0.75 });
    }
    return evidence;
  },
};
