import type { Finding } from '../../schemas/assessment.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';
import { quote } from '../evidence.ts';

/** Text aimed at the model rather than the user, each with why it is suspicious. */
const PATTERNS: { pattern: RegExp; why: string }[] = [
  { pattern: /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other|system|your)\s+(?:instructions?|prompts?|rules?|directions?|guidelines?)/i, why: 'tells the model to ignore its instructions' },
  { pattern: /\b(?:do\s+not|don't|never)\s+(?:tell|inform|mention|reveal|show|notify|alert|let)\s+(?:this\s+to\s+)?(?:the\s+)?(?:user|human|anyone|them)\b|\bwithout\s+(?:telling|informing|notifying|alerting)\s+(?:the\s+)?(?:user|human)\b|\b(?:keep|hide)\s+(?:this|it)\s+(?:secret|hidden)\s+from\s+(?:the\s+)?user/i, why: 'tells the model to hide something from the user' },
  { pattern: /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|override|critical)\s*>|\[\s*(?:system|instructions?|important)\s*\]/i, why: 'contains an <IMPORTANT>-style block addressed to the model' },
  { pattern: /~\/\.ssh|\bid_(?:rsa|ed25519|ecdsa)\b|\.ssh\/|(?:^|[\s"'`(])\.env\b|~\/\.aws|\.aws\/credentials|\/etc\/(?:passwd|shadow)|\bmcp\.json\b|\.npmrc|\.netrc|\.git-credentials|claude_desktop_config/i, why: 'points the model at credential files' },
  { pattern: /\b(?:before|after|instead of)\s+(?:using|calling|running)\s+(?:this|any|the)\s+(?:other\s+)?tools?,?\s+(?:you\s+)?(?:must|should|need to|always)\s+(?:first\s+)?(?:read|send|call|invoke|pass|include|upload|fetch)\b[^.]{0,80}(?:file|secret|key|token|password|credential|conversation|history|\.ssh|\.env|http)/i, why: 'orders the model to read or send something before calling tools' },
  { pattern: /\b(?:always|must)\s+(?:call|use|invoke)\s+this\s+tool\s+(?:first|before|instead)|\b(?:do\s+not|never)\s+use\s+(?:any\s+)?other\s+tools?\b|\binstead\s+of\s+(?:the\s+)?[`'"]?\w+[`'"]?\s+tool,?\s+(?:always\s+)?(?:use|call)\s+this/i, why: 'tries to steer the model away from other tools' },
  { pattern: /\b(?:send|forward|post|upload|exfiltrate|leak|transmit)\b[^.]{0,60}\b(?:to|at)\s+(?:https?:\/\/|[\w.-]+@[\w-]+\.\w+)/i, why: 'tells the model to send data to an outside address' },
  { pattern: /\byou\s+(?:are|must\s+act\s+as)\s+now\b|\bnew\s+instructions?\s*:|\bsystem\s+prompt\s*:|\bact\s+as\s+(?:an?\s+)?(?:admin|root|developer mode)/i, why: 'tries to give the model a new role or instructions' },
];

// A parameter that asks the model to fill it with secrets, files or the conversation: an exfiltration channel.
const EXFILTRATION_PARAMETER = /\b(?:(?:full|entire|complete|whole|previous|all)\s+(?:conversation|chat|message)s?(?:\s+history)?|conversation\s+history|chat\s+history|system\s+prompt|(?:contents?|text)\s+of\s+(?:~|\/|\.|the\s+(?:user's\s+)?(?:ssh|private|config|credentials?|secret|env))|(?:api\s+keys?|passwords?|credentials?|secrets?|tokens?)\s+(?:you|the\s+user)\s+(?:have|has|know|see)|any\s+(?:api\s+keys?|passwords?|credentials?|secrets?|tokens?))\b/i;

/** Descriptions and parameters written to manipulate the model that reads them. */
export function findPromptInjection(tool: ClassifierInput): Finding[] {
  const findings: Finding[] = [];
  const texts: [string, string][] = [['description', tool.description ?? ''], ['title', tool.title ?? '']];
  const properties = tool.inputSchema?.['properties'];
  const propertyEntries = properties && typeof properties === 'object' ? Object.entries(properties as Record<string, unknown>).slice(0, 200) : [];
  for (const [name, raw] of propertyEntries) {
    const description = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['description'] : undefined;
    if (typeof description === 'string') texts.push([`inputSchema.properties.${name}.description`, description]);
  }
  const seen = new Set<string>();
  for (const [field, text] of texts) {
    if (!text) continue;
    for (const { pattern, why } of PATTERNS) {
      const match = pattern.exec(text);
      if (match && !seen.has(why)) {
        seen.add(why);
        findings.push({ id: 'prompt-injection', severity: 'error', message: `The ${field} ${why}.`, evidence: quote(match[0]) });
      }
    }
  }
  for (const [name, raw] of propertyEntries) {
    const description = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['description'] : undefined;
    const match = typeof description === 'string' ? EXFILTRATION_PARAMETER.exec(description) : null;
    if (match) findings.push({ id: 'prompt-injection', severity: 'error', message: `Parameter "${name}" asks the model to pass private context, a channel for exfiltration.`, evidence: `${name}: ${quote(match[0])}` });
  }
  return findings;
}
