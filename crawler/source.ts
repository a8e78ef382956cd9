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

