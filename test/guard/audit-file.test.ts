import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AuditFile } from '../../guard/audit-log.ts';
import { McpRiskError } from '../../core/errors.ts';

describe('the audit log file', () => {
  test('a symbolic link at the audit path is refused, and the file it points to is untouched', () => {
    const directory = mkdtempSync(join(tmpdir(), 'guard-audit-'));
    const victim = join(directory, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const link = join(directory, 'audit.jsonl');
    symlinkSync(victim, link);
    expect(() => new AuditFile(link)).toThrow(McpRiskError);
    expect(() => new AuditFile(link)).toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  test('C1 controls, bidi and line-separator characters from names and arguments are written escaped', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'guard-audit-')), 'audit.jsonl');
    const audit = new AuditFile(path);
    const tool = 'read\u009b31m\u202Egnp.exe\u2066x\u2069\u2028y\u0085';
    audit.append({ event: 'tool', time: '2026-01-05T12:00:00.000Z', server: 'notes', tool, change: 'unknown', action: 'deny', detail: 'a test' });
    await audit.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(text).toContain('\\u009b');
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text).tool).toBe(tool);
  });
});
