import type { TextSink } from '../core/io.ts';
import { countOf, toTerminalText } from '../core/terminal-text.ts';
import type { ScanStatus } from '../schemas/scan-record.ts';

/** How one target ended in this crawl. */
export interface TargetOutcome {
  key: string;
  slug: string;
  /** scanned: launched (or failed before launch); skipped: already scanned; reassessed: classifier rerun on stored tools; error: a bug; cancelled: the crawl was stopped. */
  action: 'scanned' | 'skipped' | 'reassessed' | 'error' | 'cancelled';
  version?: string;
  status?: ScanStatus;
  detail: string;
  toolCount?: number;
  milliseconds: number;
}

export interface ProgressReporter {
  start(total: number): void;
  update(outcome: TargetOutcome): void;
  finish(): void;
}

export type ProgressMode = 'bar' | 'plain' | 'none';

/** `bar` on a terminal, plain lines otherwise (CI logs keep every line). */
export function chooseProgressMode(sink: TextSink, requested: string | undefined): ProgressMode {
  if (requested === 'bar' || requested === 'plain' || requested === 'none') return requested;
  return sink.isTTY && !process.env.CI ? 'bar' : 'plain';
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Reports a crawl's progress: a redrawn bar with counts, rate and ETA on a terminal, or one line per target. */
export function createProgress(sink: TextSink, mode: ProgressMode, now: () => number = Date.now): ProgressReporter {
  let total = 0;
  let done = 0;
  let startedAt = now();
  let lastDraw = 0;
  const counts = new Map<string, number>();
  const bump = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);

  const render = (): string => {
    const elapsed = (now() - startedAt) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const tally = [...counts].map(([label, count]) => `${count} ${label}`).join(' ');
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${total ? Math.floor((done / total) * 100) : 100}% · ${rate.toFixed(1)}/s · ETA ${done === total ? '0s' : formatDuration(eta)} · ${tally}`;
  };

  return {
    start(count) {
      total = count;
      startedAt = now();
      if (mode === 'plain') sink.write(`crawl: ${countOf(count, 'target')}\n`);
    },
    update(outcome) {
      done++;
      bump(outcome.action === 'scanned' ? (outcome.status ?? 'scanned') : outcome.action);
      if (mode === 'plain') {
        const version = outcome.version ? `@${outcome.version}` : '';
        const tools = outcome.toolCount !== undefined ? `, ${outcome.toolCount} tools` : '';
        const what = outcome.action === 'scanned' ? (outcome.status ?? 'scanned') : outcome.action;
        sink.write(`[${done}/${total}] ${what} ${toTerminalText(outcome.key + version, 100)}${tools} (${(outcome.milliseconds / 1000).toFixed(1)}s) ${toTerminalText(outcome.detail, 120)}\n`);
      } else if (mode === 'bar' && (now() - lastDraw > 100 || done === total)) {
        lastDraw = now();
        sink.write(`\r\u001b[K${render()}`);
      }
    },
    finish() {
      if (mode === 'bar') sink.write(`\r\u001b[K${render()}\n`);
    },
  };
}
