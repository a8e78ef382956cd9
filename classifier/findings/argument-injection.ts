// Call arguments that would do more than they say if a server passed them to a shell or to a command line:
// command substitution, a second command chained on, a redirect to a device or a key file, and option flags that
// make git, ssh, tar, find or curl run a command or write a file. Ordinary text with a `;` or a `|` (SQL, Markdown
// tables, prose) is not flagged: a chained command must name a program that runs, fetches or deletes.

const PROGRAMS = String.raw`(?:rm|curl|wget|sh|bash|zsh|dash|nc|ncat|netcat|socat|python[23]?|perl|ruby|php|node|chmod|chown|base64|eval|exec|powershell|pwsh|iex|sudo|su|dd|mkfifo|telnet|scp|ssh|ftp|tftp|crontab|kill|pkill|shutdown|reboot|cat|env|printenv|openssl|xargs|busybox)`;

interface ArgumentShape {
  name: string;
  /** A character every match contains: one cheap test before the pattern. */
  marker: RegExp;
  pattern: RegExp;
  what: string;
}

const SHAPES: readonly ArgumentShape[] = [
  { name: 'command-substitution', marker: /[$`]/, pattern: new RegExp(String.raw`\$\(\s*(?:${PROGRAMS}|id|whoami|uname|hostname|ls)\b[^)]*\)|(?:^|[^\s(\x60])\x60\s*(?:${PROGRAMS}|id|whoami|uname)\b[^\x60]*\x60|\$\{ifs\}|\$ifs\b`, 'i'), what: 'command substitution' },
  { name: 'chained-command', marker: /[;&|]/, pattern: new RegExp(String.raw`(?:;|&&|\|\||\||&)\s*(?:/(?:usr/)?s?bin/)?${PROGRAMS}\b(?!\s*[:=(|])`, 'i'), what: 'a chained command' },
  { name: 'redirect', marker: />/, pattern: /(?:>|>>)\s*(?:\/dev\/(?:tcp|udp)\/|~?\/?(?:[\w.-]+\/)*\.ssh\/|\/etc\/(?:passwd|shadow|sudoers|cron)|~\/\.(?:bashrc|zshrc|profile))/i, what: 'a redirect to a device or a private file' },
  {
    name: 'injected-flag',
    marker: /(?:^|\s)-/,
    pattern: /(?:^|\s)(?:--upload-pack|--receive-pack|--exec|-o\s*ProxyCommand|-oProxyCommand|--rsh|--rsync-path|--checkpoint-action|--to-command|--use-compress-program|-exec\s|-execdir\s|--post-file|--config(?:=|\s+)core\.|-c\s*core\.(?:sshCommand|pager|editor|fsmonitor|hooksPath)|--output(?:-document)?=(?:\/|~|\.\.)|--output-document|--template=|--eval\b|--command=|-e\s+(?:sh|bash|\/bin\/)|--interactive)/i,
    what: 'an option that makes a command run something or write a file',
  },
];

/** One string argument that looks like shell or command-line injection. */
export interface ArgumentInjectionMatch {
  /** command-substitution, chained-command, redirect or injected-flag. */
  name: string;
  what: string;
  matched: string;
}

/** Shell or option injection in one argument value. */
export function matchArgumentInjection(value: string): ArgumentInjectionMatch | undefined {
  if (value.length < 2) return undefined;
  for (const shape of SHAPES) {
    if (!shape.marker.test(value)) continue;
    const match = shape.pattern.exec(value);
    if (match) return { name: shape.name, what: shape.what, matched: match[0].trim() };
  }
  return undefined;
}
