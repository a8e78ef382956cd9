// The words rules look for, grouped by what they mean. Generic English (and a few common Spanish)
// verbs and nouns, never tool names: rules must carry over to servers nobody has seen.
import type { Category } from '../schemas/assessment.ts';
import { stem } from './text.ts';

function stems(words: string): ReadonlySet<string> {
  return new Set(words.trim().split(/\s+/).map(stem));
}

function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

/** Verbs (base forms) by the category they suggest when they are the action of a tool. */
export const VERBS: Readonly<Record<Exclude<Category, 'execute'> | 'code', readonly string[]>> = {
  read: words(`generate get list search find fetch read retrieve describe show view lookup look check inspect analyze
    calculate compute count validate verify convert render parse extract summarize explain compare diff preview
    estimate ping browse scan monitor watch filter sort gather collect resolve translate think plan reason recall load
    capture screenshot introspect explore discover detect identify classify recommend suggest predict wait sleep echo
    tail grep trace profile query download export print display enumerate test measure review assess evaluate
    obtener listar buscar consultar mostrar ver leer descargar poll scrape crawl lint format decode encode hash
    tokenize transcribe search inspect audit probe sample peek stat locate match highlight return ask research
    simulate observe expand normalize synthesize geocode rank forecast`),
  write: words(`create add insert update edit set put patch modify change rename move copy upload import commit push
    merge comment post reply send publish deploy schedule start stop restart reboot enable disable assign unassign
    install invite navigate click type press hover scroll fill drag store save write append attach tag label
    apply approve reject manage handle administer process control maintain operate close open archive unarchive restore lock unlock pin unpin star follow unfollow subscribe
    unsubscribe mark toggle trigger launch build register connect disconnect login logout authenticate authorize grant
    share sync replace submit request book reserve cancel pause resume scale resize provision configure initialize init
    setup clone fork sign record link react vote notify email message invoke reload refresh flag acknowledge
    ack snooze mute duplicate split reorganize consolidate correct fix accept decline dismiss complete finish end quit
    kill wake focus activate deactivate allocate release promote rollback revert transition make tweet
    broadcast announce forward draft compose migrate rebuild retry rerun dispatch emit enqueue queue
    crear actualizar agregar enviar guardar modificar power reassign upsert increment decrement rotate renew persist amend ban unban kick crop trim concatenate arrange exit
    select answer respond power shutdown reset trash place repair defragment reindex vacuum compact reclaim confirm`),
  destructive: words(`delete remove drop destroy purge truncate wipe erase flush terminate uninstall revoke unlink
    overwrite discard evict expunge prune nuke shred obliterate deregister unregister eliminar borrar clear empty
    rm del rmdir teardown`),
  financial: words(`pay charge refund payout purchase buy sell withdraw deposit donate tip swap trade transfer stake
    unstake bridge mint checkout invest bid`),
  code: words(`execute exec run eval evaluate invoke interpret`),
};

/** Nouns that mark a call as moving money when they are the object of a create/send/make verb. */
export const MONEY_NOUNS = stems(`payment payout refund charge withdrawal remittance donation tip swap trade funds`);

/** Nouns that move money only when money is mentioned nearby ("stock transfer" moves inventory; a billing subscription bills). */
export const MAYBE_MONEY_NOUNS = stems(`transfer order purchase deposit subscription`);

/**
 * Verbs that say a tool does something without saying what ("Provides …", "Performs …", "Uses …"): never read
 * through WordNet, whose act class for them would be a guess.
 */
export const GENERIC_VERBS = new Set(words(`perform provide offer use call do help include contain require need take accept
  support allow let give get enable involve carry conduct execute serve act work deal supply facilitate utilize leverage
  feature expose wrap`));

/** Words that show a value is money or a digital asset. */
export const MONEY_CONTEXT = stems(`money fund funds amount usd eur currency price payment wallet crypto cryptocurrency
  bitcoin btc eth ether sol usdc usdt lamports wei sats satoshi bank iban card cents dollars brokerage ticker shares
  trading billing billed recurring fee fees`);

/** Languages a tool may take code in. */
export const CODE_LANGUAGES = stems(`javascript js typescript python bash shell sh zsh powershell cmd ruby perl php
  lua sql graphql cypher gremlin sparql kubectl terminal applescript vbscript groovy r julia go rust c code script scripts
  command commands program snippet expression statement statements`);

/** Query languages that cannot change data, so running arbitrary text in them only reads. */
export const READ_ONLY_QUERY_LANGUAGES = stems(`soql sosl esql promql logql traceql jql kql xpath jsonpath jmespath jq lucene`);

/** Things a tool runs by name, not code: running one is a write. */
export const JOB_NOUNS = stems(`workflow workflows job jobs pipeline pipelines build builds task tasks procedure procedures
  report reports automation automations playbook playbooks runbook runbooks migration migrations backup backups action
  actions flow flows lambda function functions cron deployment sync import export trigger triggers agent agents bot
  crawl crawler scraper actor actors notebook workload container containers recipe routine`);

/** Property names that carry code or commands for the tool to run. */
export const CODE_PROPERTIES = stems(`command cmd commands script code expression javascript js python sql statement
  statements cypher shell bash program snippet gremlin`);

/** Small, easily re-created things: deleting one is high rather than critical. */
export const SMALL_ITEMS = stems(`comment comments reply replies reaction reactions emoji label labels tag tags draft drafts
  event events cache caches entry entries memory memories note notes relation relations relationship relationships
  observation observations bookmark bookmarks alias webhook webhooks schedule schedules job trigger triggers cron
  session sessions config configuration filter filters subscription snapshot snapshots
  thought todo todos task reminder favorite favorites star sticker attachment token tokens annotation
  annotations highlight highlights breakpoint breakpoints watch alert alerts notification
  notifications view playlist item checkpoint shortcut preference preferences template cookie cookies setting settings
  row rows column columns range cell cells clip clips context contexts`);

/** Whole stores of data: deleting or emptying one is always critical. */
export const LARGE_TARGETS = stems(`repository repositories repo repos database databases db table tables collection
  collections bucket buckets cluster clusters project projects organization workspace account accounts volume volumes
  index indices indexes namespace namespaces server servers instance instances stack stacks domain domains site
  sites records record documents document files file folder folders directory directories disk branch branches
  keys key secret secrets user users role roles sheet spreadsheet schema group groups channel dataset datasets
  model models service services deployment deployments environment vm vms droplet droplets image images network
  networks data everything all`);

/** Things an association can be removed from without destroying anything (removing a label from an item). */
export const DETACHABLE = stems(`label labels tag tags reaction reactions emoji assignee assignees member members
  reviewer reviewers watcher watchers collaborator collaborators subscriber subscribers participant participants
  association associations star favorite bookmark link links attachment ban bans block team teams user users`);

/** People linked to an item, and an item's dates: deleting one of these ("delete assignee", "delete due date") detaches or clears a field, it destroys nothing. */
export const PERSON_LINKS = stems(`assignee assignees reviewer reviewers watcher watchers member members collaborator
  collaborators participant participants subscriber subscribers association associations date dates deadline due`);

/** What a tool reports about something: a name ending in one of these, with no verb, reads. */
export const INFORMATION_NOUNS = new Set(words(`info information status stats statistics health healthcheck metrics overview
  details summary guide instructions help docs documentation version versions usage history analytics insights
  capabilities`));

/** Private or personal data (exact words: stems would catch "documentation" and "health check"). */
export const PRIVATE_DATA = new Set(words(`email emails mail mails inbox inboxes message messages chat chats conversation
  conversations transcript transcripts dm dms contacts customer customers employees patients patient logs
  log clipboard phone personal pii sms payment payments payouts attachment attachments
  voicemail voicemails recordings replay replays medical payroll salaries tickets leads deals invoices disputes clientes
  usuarios mensajes correos contactos`));

/** Secrets: revealing them in plain text is high risk (exact words). */
export const SECRETS = new Set(words(`secret secrets credential credentials password passwords passphrase apikey apikeys
  kubeconfig keystore mnemonic`));

/** Own scratch state: writing it affects only the caller. */
export const SCRATCH_WORDS = stems(`memory memories entity entities observation observations note notes
  scratchpad todo todos thought thoughts thinking reasoning plan plans bookmark hover scroll highlight session feedback debugger
  breakpoint breakpoints worktree`);

/** Sentence openers that introduce what a tool does: "This tool deletes …", "Allows you to create …". */
export const LEAD_IN_WORDS = new Set(`this tool tools function it will can may allows allow lets let enables enable
  you user the a an to used use helps help ability able used for in order which that quickly easily safely simply
  directly also then first please just automatically permanently completely`.trim().split(/\s+/));

/** Words that negate a nearby verb: "does not modify", "without deleting". */
export const NEGATIONS = new Set(`not no never without cannot can't doesn't don't won't isn't aren't nor none neither
  non`.trim().split(/\s+/));

/** A verb whose category depends on the words around it: `verb`, where `when` matches, reads as `becomes`. */
export interface VerbOverride {
  /** The verb's base form; compared through its stem. */
  verb: string;
  becomes: Category;
  /** Tested on the name and first sentence for a name's verb, on the verb's own sentence otherwise. */
  when: RegExp;
  /** Not when this appears anywhere in the description. */
  unlessAnywhere?: RegExp;
  /** Whether a verb merely mentioned in passing counts too. */
  inline?: boolean;
  why: string;
}

/** The one-verb readings that depend on context, in one table. */
export const VERB_OVERRIDES: readonly VerbOverride[] = [
  { verb: 'reset', becomes: 'destructive', when: /\b(?:hard|branch|factory|database|data|all|wipe|to (?:a |the )?(?:commit|head|initial))\b/, inline: true, why: 'a hard, factory or data reset loses the earlier state' },
  // Replacing who belongs to something (members, labels, roles) only changes links: write.
  { verb: 'replace', becomes: 'destructive', when: /\breplac\w*\s+(?:all|every|the entire|the whole|any existing|all existing)\s+(?!(?:the\s+|existing\s+)?(?:members?|users?|assignees?|reviewers?|labels?|tags?|collaborators?|participants?|roles?|permissions?)\b)/, why: 'replacing everything that exists loses the earlier state' },
  // Cancelling a subscription ends it for good unless the text says it can come back.
  { verb: 'cancel', becomes: 'destructive', when: /\bsubscriptions?\b/, unlessAnywhere: /reactivat|resum|undo|restor|paus|period end|end of the (?:billing )?period/, why: 'a cancelled subscription cannot come back' },
  // Giving back a reserved address or allocation loses it: someone else may take it.
  { verb: 'release', becomes: 'destructive', when: /\breleases?\b[^.]{0,20}\b(?:reserved|allocated|static|floating)\b/, why: 'a released reservation may be taken by someone else' },
  { verb: 'drop', becomes: 'write', when: /drag[- ]?(?:and|&|n)[- ]?drop|drop[- ]?down|dropdown|drop (?:zone|target)|\bdragged\b|\bdrop\b[^.]{0,60}\bonto\b/, inline: true, why: 'drag and drop, a drop-down: nothing is dropped' },
  { verb: 'empty', becomes: 'read', when: /\bempty (?:list|array|string|result|response|object|value|if|when|for|by)/, inline: true, why: 'an empty result is not an emptying' },
];
