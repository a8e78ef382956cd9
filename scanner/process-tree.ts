import { readdirSync, readFileSync } from 'node:fs';

/** What a process tree was using at one moment. */
export interface TreeSample {
  /** Every process in the tree, the root included. */
  pids: number[];
  /** Tasks (processes and their threads), which is what the kernel's process limit counts. */
  tasks: number;
  /** Resident memory of the whole tree. */
  residentBytes: number;
}

const PAGE_SIZE = 4096;

interface ProcessStat { pid: number; parentPid: number; threads: number; residentPages: number }

interface ProcessTable { byPid: Map<number, ProcessStat>; children: Map<number, ProcessStat[]> }

function readProcessTable(): ProcessTable {
  const children = new Map<number, ProcessStat[]>();
  const byPid = new Map<number, ProcessStat>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return { byPid, children };
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // exited while we looked
    }
    // The command name may contain spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const stat: ProcessStat = { pid: Number(entry), parentPid: Number(fields[1]), threads: Number(fields[17]), residentPages: Number(fields[21]) };
    byPid.set(stat.pid, stat);
    const siblings = children.get(stat.parentPid);
    if (siblings) siblings.push(stat);
    else children.set(stat.parentPid, [stat]);
  }
  return { byPid, children };
}

function sampleFrom(table: ProcessTable, rootPid: number): TreeSample {
  const root = table.byPid.get(rootPid);
  if (!root) return { pids: [], tasks: 0, residentBytes: 0 };
  const sample: TreeSample = { pids: [rootPid], tasks: root.threads, residentBytes: root.residentPages * PAGE_SIZE };
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const child of table.children.get(pid) ?? []) {
      sample.pids.push(child.pid);
      sample.tasks += child.threads;
      sample.residentBytes += child.residentPages * PAGE_SIZE;
      queue.push(child.pid);
    }
  }
  return sample;
}

type Watcher = (sample: TreeSample) => void;
const watchers = new Map<number, Set<Watcher>>();
let timer: NodeJS.Timeout | undefined;

/** All watched trees share one read of /proc per tick, so concurrent scans cost one walk, not one each. */
function tick(): void {
  const table = readProcessTable();
  for (const [rootPid, callbacks] of watchers) {
    const sample = sampleFrom(table, rootPid);
    for (const callback of callbacks) callback(sample);
  }
}

/** Calls `onSample` every `intervalMs` with the tree under `rootPid`, the root included. */
export function watchProcessTree(rootPid: number, onSample: Watcher, intervalMs = 100): () => void {
  let callbacks = watchers.get(rootPid);
  if (!callbacks) watchers.set(rootPid, (callbacks = new Set()));
  callbacks.add(onSample);
  if (!timer) {
    timer = setInterval(tick, intervalMs);
    timer.unref();
  }
  return () => {
    callbacks.delete(onSample);
    if (callbacks.size === 0) watchers.delete(rootPid);
    if (watchers.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The tree under `rootPid` right now. */
export function sampleProcessTree(rootPid: number): TreeSample {
  return sampleFrom(readProcessTable(), rootPid);
}
