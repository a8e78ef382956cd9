// Text aimed at the model rather than the person: the patterns the prompt-injection finding matches, on text already
// folded by normalizeForMatching (lower case, look-alike letters as Latin, invisible characters gone).
// Each pattern names `triggers`: literal pieces one of which any match must contain. One pass finds which triggers a
// text holds, and only the patterns they point to run, so an ordinary tool result costs one regex scan.

/** One kind of manipulation. */
export interface InjectionPattern {
  /** A short stable name, shown in evidence: `role-switch`, `hide-from-user`, … */
  name: string;
  triggers: readonly string[];
  /** When given, the text must also hold one of these: the nouns every match needs, checked before the pattern runs. */
  andTriggers?: readonly string[];
  pattern: RegExp;
  /** Completes "The description …" / "The tool result …". */
  why: string;
  /** A second pattern that must also match somewhere in the same text (a conduit for a credential path). */
  alsoNeeds?: RegExp;
}

const USER = String.raw`(?:the\s+)?(?:user|human|person|operator|anyone|them|him|her|owner)`;
const SECRET_THING = String.raw`(?:api[\s_-]?keys?|passwords?|passphrases?|credentials?|secrets?|(?:access\s+|auth\s+|api\s+|session\s+|bearer\s+)?tokens?|private\s+keys?|ssh\s+keys?|environment\s+variables|env\s+vars|cookies|seed\s+phrases?|recovery\s+phrases?)`;
const PRIVATE_CONTEXT = String.raw`(?:(?:full|entire|complete|whole|previous|prior|all)\s+(?:conversations?|chats?)(?:\s+history)?|(?:full|entire|complete|whole|all\s+previous|all\s+prior)\s+messages|(?:conversation|chat|message)\s+history|(?:the\s+user'?s|their|your)\s+(?:last|previous|recent|prior)\s+(?:\w+\s+)?(?:messages|emails|conversations|chats|prompts)|(?:your|the)\s+system\s+prompt|(?:your|the)\s+(?:hidden\s+)?instructions)`;
const CREDENTIAL_PATH = String.raw`~\/\.ssh|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\.ssh\/|(?:^|[\s"'\x60(])\.env\b|~\/\.aws|\.aws\/credentials|\/etc\/(?:passwd|shadow|sudoers)|\bmcp\.json\b|\.npmrc|\.netrc|\.pypirc|\.git-credentials|\.docker\/config\.json|\.kube\/config|claude_desktop_config|\.config\/gcloud|\.azure\/(?:accesstokens|msal_token_cache)|login\.keychain|wallet\.dat`;

export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    name: 'ignore-instructions',
    triggers: ['ignore', 'disregard', 'forget', 'override', 'bypass'],
    pattern: new RegExp(String.raw`\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+)?(?:previous|prior|above|earlier|preceding|system|original|initial|safety|developer)\s+(?:instructions?|prompts?|rules?|directions?|guidelines?|guardrails?|restrictions?|polic(?:y|ies)|messages?|context)|\b(?:ignore|disregard|forget)\s+(?:all|everything)\s+(?:you\s+(?:were|have\s+been)\s+told|(?:your|the)\s+(?:instructions|rules|guidelines))|\b(?:ignore|disregard)\s+(?:your|the)\s+(?:instructions|guidelines|guardrails)\b|\b(?:ignore|disregard|forget)\s+(?:all\s+of\s+|everything\s+)?the\s+above\b|\b(?:ignore|disregard|forget)\s+(?:the|your|my)\s+(?:earlier|previous|prior|original|above)\s+(?:request|task|question|text|message|conversation|prompt)s?\b`),
    why: 'tells the model to ignore its instructions',
  },
  {
    name: 'hide-from-user',
    triggers: ['not', "n't", 'never', 'without', 'keep', 'hide', 'silent', 'quiet', 'secret', 'covert'],
    pattern: new RegExp(String.raw`\b(?:do\s+not|don't|never|must\s+not|should\s+not|shouldn't)\s+(?:tell|inform|mention|reveal|show|notify|alert|disclose|report|explain)\s+(?:this|that|it|anything)?\s*(?:to\s+)?${USER}(?=\s*(?:$|[.,;:!)\n]|about|of\s+(?:this|it)|that\s+you|what\s+you|you\b|anything|why|how|when|where|and\b|or\b|unless|even))|\b(?:do\s+not|don't|never)\s+let\s+${USER}\s+(?:know|see|notice|find\s+out|learn)\b|\b(?:do\s+not|don't|never)\s+(?:mention|reveal|disclose|display|show|include)\s+(?:this|these|that|the|any)\s+(?:step|steps|instruction|instructions|action|actions|note|request|call|tool\s+call|part)\b|\bwithout\s+(?:telling|informing|notifying|alerting|asking|showing|letting)\s+${USER}\b|\bwithout\s+(?:the\s+)?(?:user'?s?|human'?s?)\s+(?:knowledge|knowing|noticing|consent|awareness)\b|\b(?:keep|hide)\s+(?:this|it|these|that|the\s+\w+)\s+(?:secret|hidden|confidential|private)\s+from\s+${USER}|\b${USER}\s+(?:must|should|need)\s+(?:not|never)\s+(?:know|see|notice|be\s+told|find\s+out|learn)\b|\b(?:silently|quietly|secretly|covertly|discreetly|invisibly)\s+(?:send|forward|upload|include|read|copy|add|collect|gather|exfiltrate|call|invoke|run|execute|append|attach|pass|post|email|transfer|save|store|delete)\b`),
    why: 'tells the model to hide something from the user',
  },
  {
    name: 'model-addressed-tag',
    triggers: ['<', '[', '###'],
    pattern: /<\s*\/?\s*(?:important|system|secret|hidden|admin|override|critical|sys|system[_-]?prompt|system[_-]?message|assistant|tool[_-]?instructions?|ai[_-]?instructions?|directive|note[_-]?to[_-]?(?:ai|assistant|model))\s*>|<\|(?:im_start|im_end|system|endoftext)\|>|\[\s*\/?\s*(?:system|instructions?|important|admin|inst|sys)\s*\]|###\s*(?:system|instructions?|new\s+instructions?)\b/,
    why: 'contains an <IMPORTANT>- or <system>-style block addressed to the model',
  },
  {
    name: 'credential-file',
    triggers: ['~/', '.ssh', 'id_rsa', 'id_ed25519', 'id_ecdsa', 'id_dsa', '.env', '.aws', '/etc/', 'mcp.json', '.npmrc', '.netrc', '.pypirc', '.git-credentials', 'claude_desktop', '.docker', '.kube', 'gcloud', '.azure', 'keychain', 'wallet'],
    pattern: new RegExp(CREDENTIAL_PATH),
    alsoNeeds: /\b(?:send|upload|forward|exfiltrate|leak|transmit|e-?mail)\b|\b(?:pass|include|send|attach|append|put|embed|insert|provide|upload|forward|paste|add|post|return|output|print|copy|leak|share)\s+(?:it|its\s+content|its\s+contents|them|their\s+contents?|the\s+(?:contents?|content|text|output|file|result)|this|everything)\b|\b(?:first|also|then|please|must|should|always|secretly|quietly|silently|now|immediately)\s+(?:read|cat|open|load|get|fetch|include|send|upload|attach|retrieve|access|collect)\b|\bcontents?\s+of\b(?:[^.]|\.(?!\s)){0,80}\b(?:in|into|as|with)\s+(?:the\s+|your\s+|each\s+|every\s+)?(?:call|request|parameter|argument|field|response|reply|answer|message|notes?|sidenote|context)\b/,
    why: 'points the model at credential files and tells it to read or pass them on',
  },
  {
    name: 'tool-ordering',
    triggers: ['before', 'after', 'instead', 'prior'],
    pattern: /\b(?:before|after|instead\s+of|prior\s+to)\s+(?:using|calling|running|invoking|answering|responding|replying)\s+(?:this|any|the|every|each)?\s*(?:other\s+)?(?:tools?|function|request|question|user)?,?\s+(?:you\s+)?(?:must|should|need\s+to|always|have\s+to)\s+(?:first\s+)?(?:read|send|call|invoke|pass|include|upload|fetch|collect|gather|copy|forward|attach)\b(?:[^.]|\.(?!\s)){0,100}(?:file|secret|key|token|password|credential|conversation|history|\.ssh|\.env|http|email|address|environment)/,
    why: 'orders the model to read or send something before or after it calls tools',
  },
  {
    name: 'tool-steering',
    triggers: ['tool', 'function'],
    pattern: /\b(?:always|must)\s+(?:call|use|invoke)\s+this\s+(?:tool|function)\s+instead\s+of|\b(?:do\s+not|never|don't)\s+(?:use|call|invoke)\s+(?:any\s+)?other\s+(?:tools?|functions?)\b|\binstead\s+of\s+(?:the\s+)?[`'"]?[\w-]+[`'"]?\s+tool,?\s+(?:always\s+)?(?:use|call)\s+this|\b(?:now|next|then|immediately|first)\s*,?\s+(?:call|invoke|use|run|execute)\s+(?:the\s+)?[`'"]?[\w.-]+[`'"]?\s+(?:tool|function)\b(?:[^.]|\.(?!\s)){0,100}\b(?:with|passing|and\s+pass|to\s+send|including)\b(?:[^.]|\.(?!\s)){0,80}(?:contents?|secret|key|token|password|credential|conversation|history|file|\.ssh|\.env|email|address)/,
    why: 'tries to steer the model to or away from tools',
  },
  {
    name: 'send-out',
    triggers: ['send', 'forward', 'post', 'upload', 'exfiltrate', 'leak', 'transmit', 'email', 'mail', 'copy', 'report', 'sync', 'mirror', 'submit', 'beacon'],
    andTriggers: ['http', '@', 'url', 'server', 'endpoint', 'webhook', 'address', 'host', 'inbox', 'email', 'requestbin', 'ngrok', 'pipedream', 'burpcollaborator', 'interact.sh', 'oast.'],
    pattern: /\b(?:send|forward|post(?!\s+an?\s)|upload(?!\s+(?:complete|completed|done|finished|failed|succeeded|successful|status|error)\b|\s*:)|exfiltrate|leak|transmit|e-?mail(?=\s+(?:it|them|this|that|the|all|everything|a\s+copy|its|their|every))|copy|report|sync|mirror|submit|beacon)\b(?:[^.\n]|\.(?!\s)){0,100}?\b(?:to|at|into)\s+(?:https?:\/\/|[\w.+-]+@[\w-]+\.[\w.]+|(?:the\s+)?(?:following|attacker'?s?|external|remote|this|my)\s+(?:url|server|endpoint|webhook|address|host|inbox|email))|\b(?:send|forward|post|upload|exfiltrate|leak|transmit)\b(?:[^.\n]|\.(?!\s)){0,120}(?:webhook\.site|requestbin|ngrok(?:-free)?\.(?:io|app)|pipedream\.net|burpcollaborator|interact\.sh|oast\.(?:fun|pro|live|site|online|me))/,
    why: 'tells the model to send data to an outside address',
  },
  {
    name: 'role-switch',
    triggers: ['you', 'new', 'system', 'act', 'mode', 'pretend', 'role', 'jailbreak', 'persona', 'now', 'job', 'task', 'goal'],
    pattern: /\byou\s+are\s+now\s+(?:an?\s+|in\s+|the\s+|my\s+)?(?:unrestricted|new|different|evil|jailbroken|free|dan|admin|administrator|root|developer|system|unfiltered|uncensored|personal\s+assistant|\w+\s+mode)\b|\bfrom\s+now\s+on,?\s+(?:you\s+(?:are|will|must|shall|should)|act|respond|answer|behave)\b|\bnew\s+(?:instructions?|rules?|directives?|system\s+prompt)\s*:|\bsystem\s+(?:prompt|message|override|instruction)\s*:|\bact\s+as\s+(?:an?\s+|the\s+)?(?:admin|administrator|root|superuser|developer\s+mode|dan|unrestricted|jailbroken|system)\b|\byour\s+(?:only|sole|real|new|true)\s+(?:job|task|goal|purpose|objective|mission)\s+(?:now\s+)?is\b|\b(?:enter|enable|activate|switch\s+to|switch\s+into)\s+(?:the\s+)?(?:developer|god|admin|jailbreak|dan|unrestricted|sudo)\s+mode\b|\bpretend\s+(?:to\s+be|you\s+are|that\s+you\s+are)\b|\byour\s+(?:new|real|true|actual)\s+(?:role|task|goal|objective|instructions?|purpose|persona)\s+(?:is|are)\b|\b(?:assistant|ai|model),?\s+(?:you\s+)?must\s+now\b/,
    why: 'tries to give the model a new role or instructions',
  },
  {
    name: 'covert-collection',
    triggers: ['collect', 'gather', 'harvest', 'extract', 'retrieve', 'obtain', 'grab', 'include', 'pass', 'append', 'attach', 'embed', 'insert', 'provide', 'put', 'dump', 'reveal', 'print', 'output', 'list', 'read', 'find', 'call', 'invoke', 'use', 'run'],
    andTriggers: ['key', 'passw', 'passphrase', 'credential', 'secret', 'token', 'environment var', 'env var', 'cookie', 'phrase', 'conversation', 'chat', 'messages', 'emails', 'prompt', 'instructions'],
    pattern: new RegExp(String.raw`\b(?:collect|gather|harvest|extract|retrieve|obtain|grab|dump|read|find|scrape|copy)\s+(?:all|any|every|each)\s+(?:of\s+)?(?:the\s+)?(?:user'?s?|their|available|stored|saved|local|your)\s+${SECRET_THING}|\b(?:collect|gather|harvest|extract|retrieve|obtain|grab|dump|read|find|scrape|copy)\s+(?:all|any|every|each)\s+(?:of\s+)?(?:the\s+)?${SECRET_THING}(?:[^.\n]|\.(?!\s)){0,60}\band\s+(?:send|include|pass|post|upload|forward|attach|add|email|return|put)\b|\b(?:include|pass|append|attach|embed|insert|provide|put|add|copy)\s+(?:the\s+|all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+)?(?:user'?s?\s+|your\s+|their\s+|current\s+)?(?:${SECRET_THING}|${PRIVATE_CONTEXT}|conversation|chat\s+history|previous\s+messages)\b(?:[^.\n]|\.(?!\s)){0,40}?\b(?:in|into|as|to|with)\s+(?:the\s+|your\s+|this\s+|each\s+|every\s+|a\s+)?[\x60'"]?(?:[\w-]+[\x60'"]?\s+)?(?:parameter|argument|field|call|request|notes?|sidenote|metadata|context|feedback|comment|query|response|reply|answer|message|tool\s+call)s?\b|\b(?:call|invoke|use|run)\s+(?:the\s+)?[\x60'"]?[\w.-]+[\x60'"]?\s+(?:tool|function)\s+with\s+(?:${PRIVATE_CONTEXT}|(?:the\s+user'?s?\s+|your\s+)${SECRET_THING})|\b(?:reveal|print|output|dump|repeat|show|return|list|leak|disclose)\s+(?:me\s+)?(?:${PRIVATE_CONTEXT}|(?:all\s+)?(?:your|the\s+user'?s?)\s+${SECRET_THING})`),
    why: 'tells the model to collect secrets or private context and pass them on',
  },
  {
    name: 'model-addressed',
    triggers: ['ai', 'llm', 'assistant', 'agent', 'model', 'chatbot', 'gpt', 'claude'],
    pattern: /\b(?:attention|dear|note\s+to(?:\s+the)?|message\s+(?:to|for)(?:\s+the)?|hey|hello)\s*,?\s+(?:ai|llm|assistant|agent|language\s+model|chatbot|ai\s+model|ai\s+assistant|ai\s+agent|model|claude|chatgpt|gpt)s?\b|\bif\s+you\s+are\s+(?:an?\s+)?(?:ai|llm|large\s+language\s+model|language\s+model|assistant|ai\s+assistant|ai\s+agent|agent|chatbot|bot)\b(?:\s+(?:reading|processing|summari[sz]ing|seeing)\b|,)|\bas\s+an?\s+(?:ai|llm|assistant|language\s+model),?\s+you\s+(?:are|must|should|will|have\s+to|need\s+to)\b|\b(?:ai|llm|assistant|agent|model)s?\s+(?:reading|processing|parsing|summari[sz]ing)\s+this\b|(?:^|[.!?\n]\s*)(?:assistant|ai)\s*,\s+(?!\d)/,
    why: 'addresses the model directly',
  },
  {
    name: 'false-authorisation',
    triggers: ['approved', 'authori', 'confirm', 'permission', 'consent'],
    pattern: /\b(?:the\s+)?(?:user|owner|admin|administrator|operator|developer)s?\s+(?:has|have)\s+(?:already\s+)?(?:pre-?approved|approved|authori[sz]ed|granted\s+(?:you\s+)?permission|consented)\b[^.\n]{0,40}\b(?:you|all|every|any|this|these)\b|\b(?:skip|bypass|ignore|do\s+not\s+ask\s+for|don't\s+ask\s+for|no\s+need\s+(?:for|to\s+ask\s+for))\s+(?:all\s+|any\s+|the\s+)?(?:user\s+)?(?:confirmations?|approvals?|permission|consent)\b/,
    why: 'claims the user already approved, so the model skips asking',
  },
  {
    name: 'remote-instructions',
    triggers: ['follow', 'obey', 'execute', 'instructions'],
    pattern: /\b(?:follow|obey|execute|carry\s+out|run)\s+(?:the\s+)?(?:instructions|commands|steps|directions)\s+(?:there|at|in|on|from|found\s+(?:there|at|in))\b|\b(?:fetch|visit|open|load|read|download|get)\s+https?:\/\/\S+\s+and\s+(?:follow|obey|execute|run|do\s+what)/,
    why: 'tells the model to fetch instructions from elsewhere and follow them',
  },
  {
    name: 'secret-variable',
    triggers: ['$'],
    pattern: /\b(?:append|include|add|send|paste|print|output|reveal|echo|post|attach|insert|put)\s+(?:the\s+)?(?:value\s+of\s+|contents?\s+of\s+)?(?:the\s+)?\$\{?[a-z_]*(?:token|key|secret|password|passwd|credentials?|pat)\b/,
    why: 'tells the model to pass on a secret environment variable',
  },
  {
    name: 'image-exfiltration',
    triggers: ['!['],
    pattern: /!\[[^\]]{0,100}\]\(\s*https?:\/\/[^)\s]*[?&][^)\s=]*=(?:\{|\$|%7b|<|\[)/,
    why: 'asks for a Markdown image whose address carries data out when it is shown',
  },
];

// A parameter that asks the model to fill it with secrets, files or the conversation: an exfiltration channel.
export const EXFILTRATION_PARAMETER = new RegExp(String.raw`\b(?:${PRIVATE_CONTEXT}|(?:contents?|text)\s+of\s+(?:~|\/|\.|the\s+(?:user's\s+)?(?:ssh|private|config|credentials?|secret|env|aws|key))|(?:${SECRET_THING})\s+(?:you|the\s+user)\s+(?:have|has|know|see|can\s+find|can\s+access)|any\s+(?:${SECRET_THING})|(?:all|every)\s+(?:${SECRET_THING})\s+(?:available|in\s+the\s+environment|on\s+the\s+machine|you\s+can\s+find))\b|(?:contents?|text|output|copy)\s+of\s+(?:[^.]|\.(?!\s)){0,30}?(?:${CREDENTIAL_PATH})|\b(?:read|cat|paste|include)\s+(?:[^.]|\.(?!\s)){0,30}?(?:${CREDENTIAL_PATH})`);

// Parameter names that ask for credentials or the contents of private files, in a tool whose purpose is something else.
export const CREDENTIAL_PARAMETER_NAME = /^(?:(?:ssh|private|rsa|ed25519|pgp|gpg)[\s_-]?(?:private[\s_-]?)?key(?:[\s_-]?(?:contents?|data|text|file|pem))?|id[\s_-]?rsa|(?:aws|gcp|azure|cloud)[\s_-]?(?:secret|credentials?|access[\s_-]?key)(?:[\s_-]?(?:id|contents?))?|(?:env|dotenv|credentials?|secrets?|keychain|netrc|npmrc)[\s_-]?(?:file[\s_-]?)?contents?|(?:user|your)[\s_-]?(?:password|secrets?|credentials?|api[\s_-]?keys?)|seed[\s_-]?phrase|mnemonic|wallet[\s_-]?(?:key|seed))$/;

/** Words that say a tool's own purpose is keys, certificates or credentials: it may mention them without an attack. */
export const CREDENTIAL_PURPOSE = /(?<![a-z])(?:ssh|gpg|pgp|keypairs?|certificates?|certs?|credentials?|secrets?|vault|passwords?|keychain|tls|ssl|x509|pem|kms|dotenv|(?:api|private|public|signing|deploy|encryption|access|ssh|gpg|host)[\s_-]?keys?|key[\s_-]?(?:pairs?|store|ring|chain))(?![a-z])/;

const ALL_TRIGGERS = [...new Set(INJECTION_PATTERNS.flatMap((pattern) => [...pattern.triggers, ...(pattern.andTriggers ?? [])]))].sort((a, b) => b.length - a.length);

/** Every trigger of every pattern in one alternation, longest first: one scan of the text finds which are present. */
export const TRIGGER_PATTERN = new RegExp(ALL_TRIGGERS.map((trigger) => trigger.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');

/** A found trigger and every shorter trigger inside it ("password" holds "pass"), which the scan steps over. */
export const TRIGGERS_WITHIN: ReadonlyMap<string, readonly string[]> = new Map(ALL_TRIGGERS.map((trigger) => [trigger, ALL_TRIGGERS.filter((other) => trigger.includes(other))]));
