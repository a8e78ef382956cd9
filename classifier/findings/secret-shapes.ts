import { createHash } from 'node:crypto';

// Secrets recognised by shape alone: the fixed prefixes and lengths their issuers document. Public keys, certificates
// and hashes are not secrets and have no shape here. A match is reported by kind and a short hash, never its value.

/** One kind of secret and the shape that gives it away. */
interface SecretShape {
  kind: string;
  /** A literal every match contains, checked first: most text holds none of them. */
  marker: string;
  pattern: RegExp;
}

const SHAPES: readonly SecretShape[] = [
  { kind: 'private-key', marker: 'PRIVATE KEY', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'aws-access-key-id', marker: 'A', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'aws-secret-access-key', marker: 'ecret', pattern: /\baws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i },
  { kind: 'gcp-service-account-key', marker: 'service_account', pattern: /"type"\s*:\s*"service_account"[\s\S]{0,2000}"private_key"\s*:/ },
  { kind: 'google-api-key', marker: 'AIza', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'google-oauth-token', marker: 'ya29.', pattern: /\bya29\.[0-9A-Za-z_-]{30,}/ },
  { kind: 'azure-storage-key', marker: 'ccountKey=', pattern: /\bAccountKey=[A-Za-z0-9+/]{80,}={0,2}/ },
  { kind: 'azure-client-secret', marker: 'Q~', pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/ },
  { kind: 'azure-sas-token', marker: 'sig=', pattern: /[?&]sv=\d{4}-\d\d-\d\d&[^\s"']*\bsig=[A-Za-z0-9%+/=]{30,}/ },
  { kind: 'github-token', marker: '_', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/ },
  { kind: 'gitlab-token', marker: 'gl', pattern: /\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'slack-token', marker: 'xox', pattern: /\bxox[abposr]-(?:\d+-)?[A-Za-z0-9-]{10,}\b/ },
  { kind: 'slack-webhook', marker: 'hooks.slack.com', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/ },
  { kind: 'npm-token', marker: 'npm_', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'openai-api-key', marker: 'sk-', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}/ },
  { kind: 'anthropic-api-key', marker: 'sk-ant-', pattern: /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}/ },
  { kind: 'stripe-secret-key', marker: '_live_', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{24,}\b/ },
  { kind: 'huggingface-token', marker: 'hf_', pattern: /\bhf_[A-Za-z]{34}\b/ },
];

/** A secret found in a text: which kind, and a fingerprint that tells two apart without showing either. */
export interface SecretMatch {
  kind: string;
  /** `sha256:` and the first 8 hex digits of the matched text's hash. */
  fingerprint: string;
}

function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
}

/** Every secret shape in one text, each kind once. The values never leave this function. */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length < 20) return [];
  const found: SecretMatch[] = [];
  for (const shape of SHAPES) {
    if (!text.includes(shape.marker)) continue;
    const match = shape.pattern.exec(text);
    if (match) found.push({ kind: shape.kind, fingerprint: fingerprint(match[0]) });
  }
  return found;
}
