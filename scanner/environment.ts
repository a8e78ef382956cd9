/** A variable a server declares it needs (server.json `environmentVariables`, a client configuration's `env`, `--env`). */
export interface DeclaredVariable {
  name: string;
  isSecret: boolean;
  isRequired: boolean;
  /** A value the user gave explicitly (`--env NAME=VALUE`) or a non-secret default the server declared. */
  value?: string;
  /** Not declared up front: the server asked for it by name on an earlier launch (see requestedVariableNames). */
  requested?: boolean;
  /** A placeholder shaped to pass the server's format check (see placeholders.ts), used instead of the plain one. */
  placeholder?: string;
}

/** A declared variable as the scan record shows it: the value the server saw, which is never a real secret. */
export interface RecordedVariable {
  name: string;
  placeholder: string;
  isSecret: boolean;
  isRequired: boolean;
  /** True when the server asked for it by name rather than declaring it. */
  requested?: true;
}

/** Variables a declaration may never set: they would change how the sandbox itself behaves. */
const RESERVED = /^(PATH|HOME|LANG|TERM|NODE_OPTIONS|NODE_PATH|LD_.*|DYLD_.*)$/;
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The value a server sees for a variable nobody filled in: recognisable, and never a real credential. */
export function placeholderFor(name: string): string {
  return `mcp-risk-placeholder-${name.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Builds a server's whole environment from an allowlist plus its declared variables.
 * It never reads the scanner's own environment: a token the scanner holds must never reach a server.
 */
export function buildServerEnvironment(
  declared: readonly DeclaredVariable[],
  base: { path: string; home: string },
): { env: Record<string, string>; recorded: RecordedVariable[] } {
  const env: Record<string, string> = { PATH: base.path, HOME: base.home, LANG: 'C.UTF-8', TERM: 'dumb' };
  const recorded: RecordedVariable[] = [];
  for (const variable of declared) {
    if (!VALID_NAME.test(variable.name) || RESERVED.test(variable.name) || recorded.some((entry) => entry.name === variable.name)) continue;
    const placeholder = variable.isSecret || variable.value === undefined ? (variable.placeholder ?? placeholderFor(variable.name)) : variable.value;
    env[variable.name] = placeholder;
    recorded.push({ name: variable.name, placeholder, isSecret: variable.isSecret, isRequired: variable.isRequired, ...(variable.requested && { requested: true as const }) });
  }
  return { env, recorded };
}

/** Guesses from a name alone whether a variable holds a secret, for sources that do not say (client configurations). */
export function looksSecret(name: string): boolean {
  return /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE/i.test(name);
}
