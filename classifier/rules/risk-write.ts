import { type RiskEvidence, type RiskRule, quote } from '../evidence.ts';
import { SCRATCH_WORDS } from '../lexicon.ts';

// Reaches people or the public, or changes who can access what.
const REACH = /\b(?:publish(?:es|ed|ing)?|deploy(?:s|ment|ments|ing)?|release to|go live|tweets?|broadcast|announce|invite|invitations?|share|sharing|grant|permissions?|roles?|access|publicly|acls?|iam|firewalls?|visibility|public|outbound|ads?|advert\w*|user accounts?|credentials?|api[ _-]?keys?|passwords?|certificates?|sign(?:s|ing|ature)?|auth|authenticate|production|prod|status pages?|escalat(?:e|es|ion|ions|ing))\b/;
const SENDS = /\b(?:send|sends|sending|post|posts|posting|reply|replies|forward|forwards|notify|notifies|broadcast|add (?:a )?(?:message|comment) to (?:a )?(?:public|channel))\b/;
const TO_PEOPLE = /\b(?:e-?mails?|messages?|sms|texts?|dms?|direct messages?|channels?|chats?|tweets?|followers|timelines?|feeds?|recipients?|notifications?|newsletters?|subscribers|public)\b/;
const MEMBERSHIP = /\b(?:add|adds|remove|removes|replace|replaces|invite|invites|kick|kicks|ban|bans)\b[^.]{0,30}\b(?:members?|collaborators?|admins?|owners?|bans?)\b/;
const SHARED = /\b(?:visible|human|comments?|issues?|teams?|shared|public|customers?|users?|tickets?|cells?|sheets?|spreadsheets?|servers?|server-side|terminals?)\b/;
const TO_REGISTRY = /\bpush(?:es|ing)?\b.*\b(?:images?|packages?|registry|registries|artifacts?)\b|\b(?:merge|merges|merging)\b.*\b(?:pull|merge) requests?\b/;

/** Writes are medium, high when they reach people or change access, low when only the caller's scratch state changes. */
export const writeRiskRule: RiskRule = {
  id: 'risk.write',
  title: 'Who a write reaches',
  appliesTo: ['write'],
  evaluate(features) {
    const evidence: RiskEvidence[] = [];
    const { nameAndLead } = features;
    const reach = REACH.exec(nameAndLead);
    if (reach) evidence.push({ id: 'risk.reach', label: 'publishes, deploys or changes access', evidence: quote(reach[0]), risk: 'high' });
    const sends = SENDS.exec(nameAndLead);
    const people = TO_PEOPLE.exec(nameAndLead);
    if (sends && people) evidence.push({ id: 'risk.reaches-people', label: 'sends to other people', evidence: quote(`${sends[0]} … ${people[0]}`), risk: 'high' });
    const membership = MEMBERSHIP.exec(nameAndLead);
    if (membership) evidence.push({ id: 'risk.membership', label: 'changes who belongs to a group, and so who can access it', evidence: quote(membership[0], 50), risk: 'high' });
    const registry = TO_REGISTRY.exec(nameAndLead);
    if (registry) evidence.push({ id: 'risk.registry', label: 'pushes to a registry or merges', evidence: quote(registry[0], 50), risk: 'high' });
    const scratch = features.nameWords.find((word) => SCRATCH_WORDS.has(word.stem))?.text
      ?? features.sentences[0]?.words.find((word) => SCRATCH_WORDS.has(word.stem))?.text
      ?? /\bknowledge graph\b|\binternally\b|\blocally\b|\bfor future reference\b|\bin[- ]memory\b|\b(?:connect|connects) to\b|\bdisconnects?\b/.exec(nameAndLead)?.[0];
    // "Add a human-visible comment" is not scratch state, whatever the name says.
    if (scratch && evidence.length === 0 && !SHARED.test(nameAndLead)) evidence.push({ id: 'risk.scratch-state', label: "changes only the caller's own scratch state", evidence: quote(scratch), risk: 'low' });
    return evidence;
  },
};
