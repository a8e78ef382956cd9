import { CLASSIFIER_VERSION } from '../classifier/version.ts';
import { version as scannerVersion } from '../core/version.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';
import type { ScanLimits } from './limits.ts';
import type { ScanJob } from './targets.ts';

/** A record for one job before anything ran: status ok, nothing listed, the limits it runs under. */
export function startRecord(job: Pick<ScanJob, 'target' | 'targetKind' | 'serverName'>, backend: ScanRecord['sandbox']['backend'], limits: ScanLimits): ScanRecord {
  return {
    schemaVersion: 1,
    target: job.target,
    targetKind: job.targetKind,
    ...(job.serverName !== undefined && { serverName: job.serverName }),
    scannerVersion,
    classifierVersion: CLASSIFIER_VERSION,
    scannedAt: new Date().toISOString(),
    sandbox: { backend, limits },
    limitsHit: [],
    timings: { totalMs: 0 },
    status: 'ok',
    detail: '',
    environment: [],
    tools: [],
    prompts: [],
    resources: [],
    malformed: [],
    truncated: [],
  };
}

/** A record for a job that ended before any server ran (a failed look-up or install): nothing was launched. */
export function failedRecord(job: Pick<ScanJob, 'target' | 'targetKind' | 'serverName'>, backend: ScanRecord['sandbox']['backend'], limits: ScanLimits, status: ScanRecord['status'], detail: string): ScanRecord {
  return { ...startRecord(job, backend, limits), status, detail };
}
