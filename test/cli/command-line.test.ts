import { describe, expect, test } from 'vitest';
import { describeHintAgreement } from '../../cli/commands/eval.ts';
import { main } from '../../cli/main.ts';
import { memoryIo } from '../helpers/memory-io.ts';

async function run(argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('the command line, as a person types it', () => {
  test('`mcp-risk help scan` prints scan\'s help, as `scan --help` does', async () => {
    const help = await run(['help', 'scan']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await run(['scan', '--help'])).stdout);
    expect(help.stdout).toMatch(/^Usage: mcp-risk scan TARGET/);
  });

  test('`mcp-risk help nope` is bad usage naming the commands', async () => {
    const { code, stderr } = await run(['help', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "nope"');
  });

  test.each([
    ['scna', 'scan'],
    ['polcy', 'policy'],
    ['gaurd', 'guard'],
  ])('an unknown command "%s" gets "did you mean %s"', async (typed, meant) => {
    const { code, stderr } = await run([typed]);
    expect(code).toBe(2);
    expect(stderr).toContain(`unknown command "${typed}". Did you mean "${meant}"?`);
  });

  test('an unknown command like no other gets no guess', async () => {
    expect((await run(['xyzzy'])).stderr).not.toContain('Did you mean');
  });

  test('a hint no tool declared agrees "n/a", not 0.0%', () => {
    expect(describeHintAgreement({ declared: 0, agreeing: 0 })).toBe('0/0 (n/a)');
    expect(describeHintAgreement({ declared: 4, agreeing: 3 })).toBe('3/4 (75.0%)');
  });
});
