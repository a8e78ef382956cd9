import type { Assessment } from '../schemas/assessment.ts';
import type { PolicyAction, RateLimit } from '../schemas/policy.ts';
import { toTerminalText } from '../core/terminal-text.ts';

/** Says what an action and its budgets mean, in words. */
export function describeVerdict(action: PolicyAction, rateLimits: readonly RateLimit[] = []): string {
  const budget = rateLimits.length ? `, at most ${rateLimits.map((limit) => `${limit.max} per ${limit.window}`).join(' and ')}` : '';
  switch (action) {
    case 'allow':
      return `allowed${budget}`;
    case 'approve':
      return `a person approves each call${budget}`;
    case 'deny':
      return 'denied';
  }
}

/** "write tool, high risk: name verb writes ("write_file"), …" from the strongest signals (they come strongest first). */
export function describeAssessment(assessment: Assessment, signalCount = 3): string {
  const signals = assessment.signals.slice(0, signalCount).map((signal) => `${toTerminalText(signal.label, 60)} (${toTerminalText(signal.evidence, 60)})`);
  const head = `${assessment.category} tool, ${assessment.risk} risk`;
  return signals.length ? `${head}: ${signals.join('; ')}` : `${head}: no signals (confidence ${assessment.confidence.toFixed(2)})`;
}
