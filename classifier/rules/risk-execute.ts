import { type RiskEvidence, type RiskRule, quote } from '../evidence.ts';

const HOST = /\b(?:sql|database|db|server|host|shell|terminal|command|cluster|kubectl|production|system|machine|container|cypher|vm|instance|pod)\b/;
// Contained: a page, a sandbox, a container image being built, a query language run by a remote API.
const CONTAINED = /\b(?:sandbox(?:ed|es)?|browser|web ?page|page|tab|isolated|ephemeral|notebook|jupyter|wasm|playground|repl session|in the page|on the page|element|graphql|dockerfile|image)\b/;
// The author says the code escapes its container: it runs in the server's or host's own process, or is as good as remote code execution.
const ESCAPES = /\b(?:(?:server|host|node|main) process|on the host|rce(?:-equivalent)?|remote code execution|unsandboxed|not sandboxed|without (?:a |any )?sandbox)\b/;

/** Running code is critical on a host, server or database; it stays high when it runs contained (a page, a sandbox). */
export const executeRiskRule: RiskRule = {
  id: 'risk.execute',
  title: 'Where code runs',
  appliesTo: ['execute'],
  evaluate(features) {
    const { nameAndLead } = features;
    const escapes = ESCAPES.exec(features.opening);
    if (escapes) return [{ id: 'risk.runs-on-host', label: "runs with the owner's rights on a host, server or database", evidence: quote(escapes[0]), risk: 'critical' }];
    if (CONTAINED.test(nameAndLead)) return [];
    const where = HOST.exec(nameAndLead)?.[0] ?? 'no sandbox mentioned';
    return [{ id: 'risk.runs-on-host', label: "runs with the owner's rights on a host, server or database", evidence: quote(where), risk: 'critical' } satisfies RiskEvidence];
  },
};
