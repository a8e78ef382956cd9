import type { CrawlTarget, SourceName, SourceReport } from '../schemas/catalogue.ts';

/** What one source found: its targets and a report of how the walk went. */
export interface Discovery {
  targets: CrawlTarget[];
  report: SourceReport;
}

/** A place servers are discovered: the official registry, npm search, GitHub, or a list file. */
export interface Source {
  readonly name: SourceName;
  discover(signal?: AbortSignal): Promise<Discovery>;
}

/** Collects entries that could not be used while a source walks an untrusted list. */
export class MalformedLog {
  readonly entries: SourceReport['malformed'] = [];

  add(where: string, reason: string): void {
    this.entries.push({ where, reason });
  }
}

/** First zod issue as "at path: message", for malformed-entry reasons. */
export function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length ? `at ${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}
