import { countOf } from '../../core/terminal-text.ts';
import { describeVerdict } from '../../policy/describe.ts';
import type { InferredAnnotations } from '../../schemas/assessment.ts';
import type { PolicyTool } from '../../schemas/policy.ts';
import type { ScannedTool } from '../../schemas/scan-record.ts';
import { CATEGORY_SUMMARY, capText, displayName, RISK_SUMMARY } from './format.ts';
import type { ToolView } from './model.ts';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const satisfies readonly (keyof InferredAnnotations)[];

/** The four MCP hints side by side: what the author declared (a claim) and what the assessment implies. */
export function annotationRows(tool: ScannedTool): { hint: string; declared: string; inferred: string; disagrees: boolean }[] {
  const declared = tool.annotations ?? {};
  return HINTS.map((hint) => {
    const claim = declared[hint];
    const inferred = tool.assessment.inferredAnnotations[hint];
    return { hint, declared: claim === undefined ? 'not declared' : String(claim), inferred: String(inferred), disagrees: claim !== undefined && claim !== inferred };
  });
}

/** Short answers to what people ask about a tool, from its assessment and policy only. */
export function describeTool(view: ToolView, policyTool: PolicyTool | undefined): { question: string; answer: string }[] {
  const { tool, server } = view;
  const { assessment } = tool;
  const strongest = assessment.signals[0];
  const provider = server.file.package ? `${displayName(server.selfName ?? server.name)}, npm package ${displayName(server.file.package.name)} ${server.file.package.version}` : displayName(server.name);
  const verdict = policyTool ? describeVerdict(policyTool.action, policyTool.rateLimits) : 'denied (not in the policy)';
  const budget = policyTool?.rateLimits?.length
    ? `The recommended budget is ${policyTool.rateLimits.map((limit) => `${limit.max} calls per ${limit.window}`).join(' and ')}.`
    : policyTool?.action === 'deny'
      ? 'It is denied, so no budget applies.'
      : 'No budget is recommended for it; add one in a rules file if you want one.';
  return [
    {
      question: `What does ${displayName(tool.name, 80)} do?`,
      answer: `mcp-risk classifies it as a ${assessment.category} tool: it ${CATEGORY_SUMMARY[assessment.category]}.${strongest ? ` The strongest evidence is ${strongest.label} (${capText(strongest.evidence, 200).text}).` : ''} Its own description is quoted above.`,
    },
    {
      question: 'How risky is it?',
      answer: `${assessment.risk} (score ${assessment.score} of 5, confidence ${Math.round(assessment.confidence * 100)}%): ${RISK_SUMMARY[assessment.risk]}.${assessment.findings.length ? ` Its definition also has ${countOf(assessment.findings.length, 'finding')}: ${[...new Set(assessment.findings.map((finding) => finding.id))].join(', ')}.` : ''}`,
    },
    {
      question: 'How do I allow or block it?',
      answer: `The recommended policy says: ${verdict}. Download the server's policy for your client below the rule above; to block it outright, set its action to deny in a rules file (mcp-risk policy --rules).`,
    },
    { question: 'How do I rate-limit it?', answer: budget },
    { question: 'Which server provides it?', answer: `${provider}, scanned on ${server.file.scannedAt.slice(0, 10)}.` },
  ];
}
