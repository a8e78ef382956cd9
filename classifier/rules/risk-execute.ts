import { type RiskEvidence, type RiskRule, quote } from '../evidence.ts';

const HOST = /\b(?:sql|database|db|server|host|shell|terminal|command|cluster|kubectl|production|system|machine|container|cypher|vm|instance|pod)\b/;
// Contained: a page, a sandbox, a container image being built, a query language run by a remote API.
const CONTAINED = /\b(?:sandbox(?:ed|es)?|browser|web ?page|page|tab|isolated|ephemeral|notebook|jupyter|wasm|playground|repl session|in the page|on the page|element|graphql|dockerfile|image)\b/;

/** Running code is critical on a host, server or database; it stays high when it runs contained (a page, a sandbox). */
export const executeRiskRule: RiskRule = {
  id: 'risk.execute',
  title: 'Where code runs',
  appliesTo: ['execute'],
  evaluate(features) {
    const { nameAndLead } = features;
    if (CONTAINED.test(nameAndLead)) return [];
    const where = HOST.exec(nameAndLead)?.[0] ?? 'no sandbox mentioned';
    return [{ id: 'risk.runs-on-host', label: "runs with the owner's rights on a host, server or database", evidence: quote(where), risk: 'critical' } satisfies RiskEvidence];
  },
};
