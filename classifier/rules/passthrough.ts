import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';

// A tool that forwards whatever the caller asks: raw API or HTTP requests, another server's tool calls.
const FORWARDS = /\b(?:prox(?:y|ies)|passthrough|pass-through|forwards?|relays?)\b[^.]{0,40}\b(?:requests?|calls?|api)\b|\b(?:raw|arbitrary|any|custom)\s+(?:http|https|api|rest)\s+(?:requests?|calls?)\b|\b(?:make|send|perform)s?\s+(?:an?\s+)?(?:arbitrary|raw|custom)\s+(?:\w+\s+)?requests?\b|\bcall\s+(?:any|an?\s+arbitrary)\s+(?:\w+\s+)?(?:tool|endpoint|api)\b/;
// What it forwards is named and limited: "Proxy a read-only tool call", "only GET requests".
const LIMITED = /\b(?:read[- ]only|read|write|get|safe)\s+(?:tool\s+)?(?:calls?|requests?)\b|\bonly\b|\bget[- ]only\b/;
// Every FORWARDS match needs one of these: most tools are dismissed with one cheap test.
const MENTIONS = /prox|pass|forward|relay|arbitrary|raw|custom|any |call any|call an/;
const METHOD = /^(?:method|http_method|verb|request_method)$/i;
const GET_ONLY = /\bget\b[^.]{0,20}\bonly\b|\bonly\b[^.]{0,20}\bget\b/;
const HTTP = /\b(?:http|https|api|rest|endpoint|request)\b/;

/**
 * A tool the caller steers to arbitrary effect takes the category of the worst call it can let through:
 * a generic HTTP client or a proxy of raw requests may DELETE, so it is destructive unless it is limited.
 */
export const passthroughRule: CategoryRule = {
  id: 'passthrough',
  title: 'Proxies and passthroughs the caller steers',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    const { opening } = features;
    const forwards = MENTIONS.test(opening) ? FORWARDS.exec(opening) : null;
    if (forwards && !LIMITED.test(opening)) {
      evidence.push({ id: 'passthrough.forwards', label: 'forwards whatever calls the caller writes, so it can do the worst of them', evidence: quote(forwards[0]), supports: 'destructive', weight: 2.5 });
    }
    // A free-text HTTP method on a request tool: the caller may send DELETE.
    const method = features.properties.find((property) => METHOD.test(property.name) && property.enumValues.length === 0 && property.type !== 'boolean');
    const getOnly = opening.includes('only') ? GET_ONLY.exec(opening) : null; // every match holds "only"
    if (getOnly && (method || HTTP.test(opening))) {
      // An HTTP client limited to GET only reads, whatever verb sends the request.
      evidence.push({ id: 'passthrough.get-only', label: 'limited to GET requests, which only read', evidence: quote(getOnly[0]), supports: 'read', weight: 2.5 });
      evidence.push({ id: 'passthrough.get-only', label: 'limited to GET requests, which only read', evidence: quote(getOnly[0]), supports: 'write', weight: -2.5 });
    } else if (method && HTTP.test(opening)) {
      evidence.push({ id: 'passthrough.any-method', label: 'the caller chooses the HTTP method, DELETE included', evidence: `property "${method.name}"`, supports: 'destructive', weight: 2 });
    }
    return evidence;
  },
};
