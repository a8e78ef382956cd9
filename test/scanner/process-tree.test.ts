import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { sampleProcessTree, stillRunning, watchProcessTree } from '../../scanner/process-tree.ts';

describe('the process-tree watcher', () => {
  test('each watcher is called at its own interval, not the first watcher\'s', async () => {
    const slow: number[] = [];
    const fast: number[] = [];
    const stopSlow = watchProcessTree(process.pid, () => slow.push(Date.now()), 200);
    const stopFast = watchProcessTree(process.pid, () => fast.push(Date.now()), 25);
    await new Promise((resolve) => setTimeout(resolve, 600));
    stopSlow();
    stopFast();
    expect(fast.length).toBeGreaterThanOrEqual(8);
    expect(slow.length).toBeLessThanOrEqual(4);
  });

  test('a sample remembers when each process started, so an id reused by another process is never taken for it', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sample = sampleProcessTree(process.pid);
      expect(sample.pids).toContain(child.pid);
      expect(stillRunning(sample, child.pid!)).toBe(true);
      // The same id with another start time is another process.
      const reused = { ...sample, startTimes: new Map([...sample.startTimes].map(([pid, start]) => [pid, pid === child.pid ? start + 1 : start])) };
      expect(stillRunning(reused, child.pid!)).toBe(false);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(stillRunning(sample, child.pid!)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
