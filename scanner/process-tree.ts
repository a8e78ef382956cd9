import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/** What a process tree was using at one moment. */
export interface TreeSample {
  /** Every process in the tree, the root included. */
  pids: number[];
  /** When each process started (clock ticks since boot): a pid with another start time is another process. */
  startTimes: Map<number, number>;
  /** Tasks (processes and their threads), which is what the kernel's process limit counts. */
  tasks: number;
  /** Resident memory of the whole tree. */
  residentBytes: number;
}

const PAGE_SIZE = 4096;

interface ProcessStat { pid: number; parentPid: number; group: number; threads: number; residentPages: number; startTime: number }

interface ProcessTable { byPid: Map<number, ProcessStat>; children: Map<number, ProcessStat[]> }

/** One line of /proc/PID/stat; the command name may contain spaces and parentheses, so fields start after the last ')'. */
function parseStat(pid: number, text: string): ProcessStat {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, parentPid: Number(fields[1]), group: Number(fields[2]), threads: Number(fields[17]), residentPages: Number(fields[21]), startTime: Number(fields[19]) };
}

function tableOf(stats: readonly ProcessStat[]): ProcessTable {
  const children = new Map<number, ProcessStat[]>();
  const byPid = new Map<number, ProcessStat>();
  for (const stat of stats) {
    byPid.set(stat.pid, stat);
    const siblings = children.get(stat.parentPid);
    if (siblings) siblings.push(stat);
    else children.set(stat.parentPid, [stat]);
  }
  return { byPid, children };
}

function readStatSync(pid: number): ProcessStat | undefined {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined; // exited while we looked
  }
}

function readProcessTableSync(): ProcessTable {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return tableOf([]);
  }
  return tableOf(entries.filter((entry) => /^\d+$/.test(entry)).map((entry) => readStatSync(Number(entry))).filter((stat) => stat !== undefined));
}

/** The same walk without blocking the event loop: a scan's pipes and timers keep running while /proc is read. */
async function readProcessTable(): Promise<ProcessTable> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return tableOf([]);
  }
  const stats = await Promise.all(entries.filter((entry) => /^\d+$/.test(entry)).map(async (entry) => {
    try {
      return parseStat(Number(entry), await readFile(`/proc/${entry}/stat`, 'latin1'));
    } catch {
      return undefined;
    }
  }));
  return tableOf(stats.filter((stat) => stat !== undefined));
}

function sampleFrom(table: ProcessTable, rootPid: number): TreeSample {
  const root = table.byPid.get(rootPid);
  if (!root) return { pids: [], startTimes: new Map(), tasks: 0, residentBytes: 0 };
  const sample: TreeSample = { pids: [rootPid], startTimes: new Map([[rootPid, root.startTime]]), tasks: root.threads, residentBytes: root.residentPages * PAGE_SIZE };
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const child of table.children.get(pid) ?? []) {
      sample.pids.push(child.pid);
      sample.startTimes.set(child.pid, child.startTime);
      sample.tasks += child.threads;
      sample.residentBytes += child.residentPages * PAGE_SIZE;
      queue.push(child.pid);
    }
  }
  return sample;
}

/** True when `pid` is still the process the sample saw (same start time), not an id the kernel has since reused. */
export function stillRunning(sample: TreeSample, pid: number): boolean {
  const started = sample.startTimes.get(pid);
  return started !== undefined && readStatSync(pid)?.startTime === started;
}

/** True when one of `members` is in the process group: while it is, the kernel cannot give the group's id to anyone else. */
export function groupHasMember(groupId: number, members: readonly number[]): boolean {
  return members.some((pid) => readStatSync(pid)?.group === groupId);
}

interface Watcher { rootPid: number; onSample: (sample: TreeSample) => void; intervalMs: number; dueAt: number }
const watchers = new Set<Watcher>();
let timer: NodeJS.Timeout | undefined;
let timerInterval = 0;
let reading = false;

/** All watchers that are due share one read of /proc, so concurrent scans cost one walk per tick, not one each. */
async function tick(): Promise<void> {
  if (reading) return; // the last walk is still going: skip, never pile up
  const now = performance.now();
  const due = [...watchers].filter((watcher) => watcher.dueAt <= now);
  if (!due.length) return;
  reading = true;
  try {
    const table = await readProcessTable();
    for (const watcher of due) {
      if (!watchers.has(watcher)) continue;
      watcher.dueAt = now + watcher.intervalMs;
      watcher.onSample(sampleFrom(table, watcher.rootPid));
    }
  } finally {
    reading = false;
  }
}

/** One timer at the shortest interval any watcher asked for; each watcher is still sampled at its own. */
function scheduleTimer(): void {
  const shortest = Math.min(...[...watchers].map((watcher) => watcher.intervalMs));
  if (!watchers.size) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  if (timer && timerInterval === shortest) return;
  clearInterval(timer);
  timerInterval = shortest;
  timer = setInterval(() => void tick(), shortest);
  timer.unref();
}

/** Calls `onSample` every `intervalMs` with the tree under `rootPid`, the root included. */
export function watchProcessTree(rootPid: number, onSample: (sample: TreeSample) => void, intervalMs = 100): () => void {
  const watcher: Watcher = { rootPid, onSample, intervalMs, dueAt: performance.now() + intervalMs };
  watchers.add(watcher);
  scheduleTimer();
  return () => {
    watchers.delete(watcher);
    scheduleTimer();
  };
}

/** The tree under `rootPid` right now. */
export function sampleProcessTree(rootPid: number): TreeSample {
  return sampleFrom(readProcessTableSync(), rootPid);
}
