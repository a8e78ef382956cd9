import { type RiskEvidence, type RiskRule, quote } from '../evidence.ts';
import type { Features } from '../features.ts';
import { PRIVATE_DATA, SECRETS } from '../lexicon.ts';
import { stem } from '../text.ts';

const SECRET_PHRASE = /\b(?:api[ _-]?keys?|private[ _-]?keys?|secret[ _-]?keys?|(?:access|auth|bearer|refresh|session|oauth|personal access) tokens?|\.env\b|kubeconfig|seed phrase|connection strings?|environment variables|service keys?)/;
// "returns only metadata, never the value": the secret itself stays hidden.
const SECRET_WITHHELD = /\b(?:without (?:revealing|returning|exposing)|(?:does not|doesn't|never) (?:return|reveal|expose|include)|masked|redacted|metadata only|only (?:the )?metadata|names only|(?:secret|key) names|not (?:the )?values?|(?:are|is) not (?:returned|shown|included|exposed|revealed)|examples?|generates?|random|information about|scopes?)\b/;
// Reading a file's contents, not its metadata or a listing.
const READS_CONTENT = /\b(?:read|cat|contents?|load|open|view|extract|download)\b/;
const RECORDS = /\b(?:rows|records) (?:from|of)\b|\breads? (?:\w+ ){0,2}(?:data|records|values|ranges|output)\b|\bsample (?:of )?(?:rows|records|data)\b|\bquery results?\b|\bresults of (?:a|the) (?:\w+ )*quer(?:y|ies)/;
// Capturing the person's own screen, a desktop window or display: whatever is open on it, not one web page.
const SCREEN_CAPTURE = /\bcaptur(?:e|es|ing)\b(?: \w+){0,3} (?:screens?|desktops?|windows?|displays?|monitors?)\b/;
// "Audit" alone is also a verb ("audit service health"); the record of who did what is private.
const AUDIT_TRAIL = /\baudit (?:trails?|events?|records?|entries|history)\b/;
// An account's own history of transactions, payments, orders or purchases is the owner's financial record.
const ACCOUNT_HISTORY = /\b(?:account|transaction|payment|order|purchase|billing) (?:transaction )?history\b/;
// A tool named for what it returns *about* private data (a count, a status, the labels, folders or rooms that hold it)
// does not return the data itself: "unread email count", "mail labels", "chat rooms".
const ABOUT_NOUNS = new Set(['count', 'counts', 'status', 'statuses', 'stats', 'statistics', 'label', 'labels', 'folder', 'folders', 'room', 'rooms', 'stream', 'streams', 'quota', 'quotas'].map(stem));
// Checking or transforming text the caller hands over (verify a signed message, redact PII, simulate a conversation)
// reads nothing stored.
const WORKS_ON_INPUT = new Set(['verify', 'validate', 'redact', 'simulate', 'detect', 'compare', 'synthesize', 'synthesise', 'check'].map(stem));
// Logs of a deployment or an infrastructure plan record what the tooling changed, not people's data.
const CHANGE_LOGS = /\b(?:deployment|deploy|plan|apply|provisioning|migration) (?:logs?|history)\b/;
const LOG_WORDS = new Set(['log', 'logs']);
const PATH_WORDS = new Set(['path', 'paths', 'file', 'files', 'filepath', 'filename', 'dir', 'directory', 'folder', 'uri']);
// Running a query that returns records; a database product named in passing is not a query.
const DATA_QUERY = /\b(?:sql|cypher|soql|sosl|es\|?ql|select|read-only)(?: \w+)? (?:quer(?:y|ies)|statements?)\b|\bquer(?:y|ies) (?:against|on) (?:a |the )?(?:\w+ )?(?:database|db|table)s?\b/;

function mentions(features: Features, set: ReadonlySet<string>): string | undefined {
  return features.nameWords.find((word) => set.has(word.text))?.text ?? features.sentences[0]?.words.find((word) => set.has(word.text))?.text;
}

/** Reads are low risk unless they reach personal data (medium) or secrets (high). */
export const readRiskRule: RiskRule = {
  id: 'risk.read',
  title: 'What a read reveals',
  appliesTo: ['read'],
  evaluate(features) {
    const evidence: RiskEvidence[] = [];
    const { nameAndLead } = features;
    const secretWord = mentions(features, SECRETS) ?? SECRET_PHRASE.exec(nameAndLead)?.[0];
    if (secretWord && !SECRET_WITHHELD.test(features.description.toLowerCase())) {
      evidence.push({ id: 'risk.reveals-secret', label: 'reveals secrets or credentials', evidence: quote(secretWord), risk: 'high' });
    }
    const privateWord = mentions(features, PRIVATE_DATA) ?? AUDIT_TRAIL.exec(nameAndLead)?.[0] ?? ACCOUNT_HISTORY.exec(nameAndLead)?.[0];
    const actions = features.verbs.filter((verb) => verb.role === 'primary' || (verb.role === 'lead' && verb.sentence === 0));
    const aboutOnly = (features.headNoun !== undefined && ABOUT_NOUNS.has(features.headNoun.stem))
      || (privateWord !== undefined && LOG_WORDS.has(privateWord) && CHANGE_LOGS.test(nameAndLead))
      || (actions.length > 0 && actions.every((verb) => WORKS_ON_INPUT.has(verb.word.stem)));
    if (privateWord && !aboutOnly) evidence.push({ id: 'risk.private-data', label: 'reads private or personal data', evidence: quote(privateWord), risk: 'medium' });
    const pathProperty = features.properties.find((property) => PATH_WORDS.has(property.words.at(-1)?.text ?? '') && property.type !== 'boolean');
    if (pathProperty && /\b(?:file|files|image|document|pdf)\b/.test(nameAndLead) && READS_CONTENT.test(nameAndLead) && !/\bdoc(?:s|umentation)\b/.test(nameAndLead)) {
      evidence.push({ id: 'risk.arbitrary-path', label: 'reads files by caller-chosen path', evidence: `property "${pathProperty.name}"`, risk: 'medium' });
    }
    const screen = SCREEN_CAPTURE.exec(nameAndLead);
    if (screen) evidence.push({ id: 'risk.screen-capture', label: "captures the person's screen or a desktop window", evidence: quote(screen[0]), risk: 'medium' });
    const query = DATA_QUERY.exec(nameAndLead) ?? RECORDS.exec(nameAndLead);
    if (query) evidence.push({ id: 'risk.data-query', label: 'returns records from a data store', evidence: quote(query[0]), risk: 'medium' });
    return evidence;
  },
};
