/**
 * What a server is launched with, and how a failed launch changes it for the next: variables it named, placeholders
 * reshaped to the prefix or form its refusal asked for, files it looked for, stub services it tried to reach, a newer
 * Node. Each revision reads only what the server said; a launch that says nothing new ends the retries.
 */
import type { PlaceholderKind, RanWith, ScanStatus } from '../schemas/scan-record.ts';
import { looksSecret, type DeclaredVariable } from './environment.ts';
import { failureNeedsNewerNode, type NodeRuntime } from './node-runtime.ts';
import { mentionsMissingCredentials, requestedVariableNames } from './outcome.ts';
import {
  asksForJwt,
  asksForUrl,
  filesAskedFor,
  JWT_PLACEHOLDER,
  placeholderFileContent,
  placeholderForName,
  placeholderWithPrefix,
  prefixesNamed,
  variablesReadBy,
  type PlaceholderFile,
} from './placeholders.ts';
import { addStubs, DOCKER_SOCKET, LOCALHOST_UNRESOLVED, stubsForFailure, stubsForStart, type StubListener } from './stubs/plan.ts';

/** Everything a launch is given beyond the server's own command. */
export interface LaunchPlan {
  declared: DeclaredVariable[];
  /** The shape of each placeholder the plan set, by variable name. */
  kinds: Map<string, PlaceholderKind>;
  stubs: StubListener[];
  files: PlaceholderFile[];
  /** `localhost` must resolve (an /etc/hosts), even with no stub running. */
  hosts: boolean;
  /** Which Node runs a Node server; undefined for servers that are not Node scripts. */
  node: { runtime: NodeRuntime; reason?: string } | undefined;
  /** Set when the server asked for a newer Node than the plan's, so the caller can fetch it. */
  wantsNewerNode?: string;
}

/** The first launch's plan: declared variables shaped by their names, and the stubs those names and the arguments ask for. */
export function startPlan(declared: readonly DeclaredVariable[], args: readonly string[], node: LaunchPlan['node']): LaunchPlan {
  const plan: LaunchPlan = { declared: [], kinds: new Map(), stubs: [], files: [], hosts: false, node };
  for (const variable of declared) addVariable(plan, variable);
  addStubs(plan.stubs, stubsForStart(declared.map((variable) => variable.name), args));
  return plan;
}

/** A deep enough copy for the next launch. */
export function copyPlan(plan: LaunchPlan): LaunchPlan {
  return { ...plan, declared: plan.declared.map((variable) => ({ ...variable })), kinds: new Map(plan.kinds), stubs: [...plan.stubs], files: [...plan.files] };
}

/** True when the plan needs the launcher inside the sandbox (stubs, placeholder files, an /etc/hosts). */
export function needsLauncher(plan: LaunchPlan): boolean {
  return plan.stubs.length > 0 || plan.files.length > 0 || plan.hosts;
}

function addVariable(plan: LaunchPlan, variable: DeclaredVariable): void {
  const filled = variable.isSecret || variable.value === undefined;
  if (!filled) {
    plan.declared.push(variable);
    return;
  }
  const shaped = placeholderForName(variable.name);
  plan.declared.push({ ...variable, placeholder: variable.placeholder ?? shaped.value });
  plan.kinds.set(variable.name, shaped.kind);
  applyKind(plan, variable.name, shaped.kind, shaped.value);
}

/** The stub or file a placeholder of this kind points at. */
function applyKind(plan: LaunchPlan, name: string, kind: PlaceholderKind, value: string): void {
  if (kind === 'file') plan.files.push({ path: value, content: placeholderFileContent(value) });
  if (kind === 'directory') plan.files.push({ path: value, directory: true });
  if (kind === 'socket') addStubs(plan.stubs, [{ service: 'docker', listen: DOCKER_SOCKET }]);
  if (kind === 'url' || kind === 'host' || kind === 'port') {
    addStubs(plan.stubs, stubsForStart([name], [value]));
    plan.hosts = true;
  }
}

function reshape(plan: LaunchPlan, name: string, kind: PlaceholderKind, value: string): void {
  const variable = plan.declared.find((candidate) => candidate.name === name);
  if (!variable) return;
  variable.placeholder = value;
  plan.kinds.set(name, kind);
  applyKind(plan, name, kind, value);
}

/** The secret placeholders a refusal is about: those it names, else every key-like one still in a plain or guessed shape. */
function refusedSecrets(plan: LaunchPlan, text: string, kinds: readonly PlaceholderKind[]): string[] {
  const candidates = plan.declared.filter((variable) => (variable.isSecret || variable.value === undefined) && kinds.includes(plan.kinds.get(variable.name) ?? 'generic'));
  const named = candidates.filter((variable) => text.includes(variable.name));
  return (named.length ? named : candidates.filter((variable) => variable.isSecret || looksSecret(variable.name))).map((variable) => variable.name);
}

/**
 * Reads a failed launch and changes the plan for the next one. Returns what changed, one phrase each; nothing
 * when the failure asks for nothing the plan can give, which ends the retries.
 */
export function revisePlan(plan: LaunchPlan, failure: { status: ScanStatus; text: string }, where: { workingDirectory: string; home: string; runsStubs: boolean; entryScript?: string }): string[] {
  const changes: string[] = [];
  const { text } = failure;
  const complains = failure.status === 'needs_credentials' || mentionsMissingCredentials(text);

  if (complains) {
    const known = new Set(plan.declared.map((variable) => variable.name));
    for (const name of requestedVariableNames(text).filter((candidate) => !known.has(candidate))) {
      addVariable(plan, { name, isSecret: looksSecret(name), isRequired: true, requested: true });
      changes.push(`placeholder ${name} (${plan.kinds.get(name)})`);
    }
  }
  const prefix = prefixesNamed(text)[0];
  if (prefix) {
    for (const name of refusedSecrets(plan, text, ['generic', 'token'])) {
      reshape(plan, name, 'prefixed', placeholderWithPrefix(prefix).value);
      changes.push(`${name} reshaped to the prefix ${prefix} the server named`);
    }
  } else if (asksForJwt(text)) {
    for (const name of refusedSecrets(plan, text, ['generic', 'token', 'prefixed'])) {
      reshape(plan, name, 'jwt', JWT_PLACEHOLDER);
      changes.push(`${name} reshaped to a JWT`);
    }
  }
  if (asksForUrl(text)) {
    const named = plan.declared.filter((candidate) => text.includes(candidate.name));
    for (const variable of named.filter((candidate) => plan.kinds.get(candidate.name) !== 'url')) {
      reshape(plan, variable.name, 'url', placeholderForName(`${variable.name}_URL`).value);
      changes.push(`${variable.name} reshaped to a loopback URL`);
    }
    // "Elasticsearch URL cannot be empty" names no variable: the URL variables its own entry script reads are the candidates.
    if (named.length === 0 && where.entryScript) {
      const known = new Set(plan.declared.map((variable) => variable.name));
      for (const name of variablesReadBy(where.entryScript).filter((candidate) => !known.has(candidate) && placeholderForName(candidate).kind === 'url').slice(0, 4)) {
        addVariable(plan, { name, isSecret: false, isRequired: true, requested: true });
        changes.push(`placeholder ${name} (url, read by the server's entry script)`);
      }
    }
  }
  if (where.runsStubs) {
    for (const file of filesAskedFor(text, where.workingDirectory, where.home)) {
      if (plan.files.some((existing) => existing.path === file.path)) continue;
      plan.files.push(file);
      changes.push(`placeholder file ${file.path}`);
    }
    const before = plan.stubs.length;
    if (addStubs(plan.stubs, stubsForFailure(text))) changes.push(...plan.stubs.slice(before).map((stub) => `stub ${stub.service} on ${stub.listen}`));
    if ((plan.stubs.length > before || LOCALHOST_UNRESOLVED.test(text)) && !plan.hosts) {
      plan.hosts = true;
      if (plan.stubs.length === before) changes.push('localhost resolving to the sandbox loopback');
    }
  }
  if (plan.node?.runtime.source === 'scanner' && failureNeedsNewerNode(text)) {
    plan.wantsNewerNode = 'a failed launch asked for a newer Node';
    changes.push('a newer Node');
  }
  return changes;
}

/** The record's account of what the server ran against. */
export function describeRanWith(plan: LaunchPlan, attempts: RanWith['attempts']): RanWith {
  return {
    ...(plan.node && { node: { version: plan.node.runtime.version, source: plan.node.runtime.source, ...(plan.node.reason !== undefined && { reason: plan.node.reason }) } }),
    placeholders: [...plan.kinds].map(([name, kind]) => ({ name, kind })),
    files: plan.files.filter((file) => !file.directory).map((file) => ({ path: file.path })),
    stubs: plan.stubs.map((stub) => ({ service: stub.service, listen: String(stub.listen) })),
    attempts,
  };
}
