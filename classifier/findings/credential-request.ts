// A server asking the person for secrets. The MCP specification says servers must not ask for sensitive information
// through form elicitation; a sampling prompt that asks for a password is the same phishing one step removed.

const SECRET_WORDS = String.raw`(?:passwords?|passphrases?|passcodes?|api[\s_-]?keys?|access[\s_-]?keys?|secret[\s_-]?keys?|(?:access|auth|api|bearer|personal\s+access|session|refresh|github|gitlab|slack|npm)\s+tokens?|private[\s_-]?keys?|ssh[\s_-]?keys?|credentials?|secrets?|seed\s+phrases?|recovery\s+phrases?|mnemonic|one[\s-]time\s+(?:code|password)|2fa\s+codes?|mfa\s+codes?|otp|verification\s+codes?|pin(?:\s+code)?|cvv|cvc|card\s+numbers?|credit\s+card(?:\s+number)?|social\s+security\s+numbers?|ssn|bank\s+account\s+numbers?)`;

// "Enter your password", "please provide the API key", "what is your token", "paste your private key here".
const ASKS_FOR_SECRET = new RegExp(
  String.raw`\b(?:enter|type|provide|paste|give|share|send|supply|input|submit|confirm|verify|re-?enter|tell\s+(?:me|us))\s+(?:me\s+|us\s+)?(?:your|their|his|her|the\s+user'?s|the)?\s*(?:current\s+|valid\s+|github\s+|aws\s+|openai\s+|account\s+|admin\s+|root\s+|login\s+|master\s+)?${SECRET_WORDS}\b|\bwhat\s+(?:is|are)\s+(?:your|the)\s+(?:\w+\s+)?${SECRET_WORDS}\b|\b(?:need|require|requires)\s+(?:your|the\s+user'?s)\s+(?:\w+\s+)?${SECRET_WORDS}\b`,
);

// A form field named or described as a secret.
const SECRET_FIELD = /^(?:.*[\s_-])?(?:password|passwd|pwd|passphrase|passcode|api[\s_-]?key|apikey|access[\s_-]?key|secret(?:[\s_-]?key)?|token|access[\s_-]?token|auth[\s_-]?token|private[\s_-]?key|ssh[\s_-]?key|credentials?|seed[\s_-]?phrase|mnemonic|otp|mfa|2fa|totp|pin|cvv|cvc|card[\s_-]?number|ssn)(?:[\s_-].*)?$/;

/** The phrase in which a text asks the person for a secret, if it does. `folded` is normalizeForMatching's output. */
export function matchSecretRequest(folded: string): string | undefined {
  return ASKS_FOR_SECRET.exec(folded)?.[0];
}

/** True when a requested form field is a secret, by its name, its `format: password`, or its title and description. */
export function isSecretField(name: string, schema: Record<string, unknown>): boolean {
  if (schema['format'] === 'password' || schema['writeOnly'] === true) return true;
  const spaced = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (/(?:^|[\s_-])(?:name|id|label|hint|type|count|expiry|expires|expiration|length|limit|url|scope|scopes)$/.test(spaced)) return false;
  if (SECRET_FIELD.test(name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())) return true;
  const words = [schema['title'], schema['description']].filter((value): value is string => typeof value === 'string').join(' ').toLowerCase();
  return words !== '' && new RegExp(String.raw`\b${SECRET_WORDS}\b`).test(words) && !/\b(?:name|label|description|hint|expir\w*|id)\b/.test(words);
}
