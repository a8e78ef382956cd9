import type { CrawlTarget } from '../schemas/catalogue.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';

/** The version to scan, or a record saying why there is none (the package does not exist, the registry is down). */
export type Resolution = { version: string } | { record: ScanRecord };

/**
 * What the crawler needs from the scanner, split in phases so installs (network) and launches
 * (CPU) get separate concurrency limits. Expected failures come back as records with a status;
 * a throw means a bug and is reported against that one target.
 */
export interface CrawlScanner {
  /** Resolves the exact version to scan (npm `latest` → `1.2.3`) without installing. Called only for targets without a version. */
  resolve(target: CrawlTarget, signal: AbortSignal): Promise<Resolution>;
  /** Installs `name@version` into the scanner's cache; returns a failure record, or undefined when ready to launch. */
  install(target: CrawlTarget, version: string, signal: AbortSignal): Promise<ScanRecord | undefined>;
  /** Launches the installed server in the sandbox and records what it exposes. */
  launch(target: CrawlTarget, version: string, signal: AbortSignal): Promise<ScanRecord>;
}
