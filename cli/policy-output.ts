import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { McpRiskError } from '../core/errors.ts';
import type { Io } from '../core/io.ts';
import { countOf, toTerminalText } from '../core/terminal-text.ts';
import { recommendPolicy } from '../policy/recommend.ts';
import { policyInputFromRecord } from '../policy/policy-input.ts';
import { exportPolicies, exportPolicy, MULTI_SERVER_FORMATS, POLICY_FORMAT_INFO, type ExportOptions, type PolicyFormat } from '../policy/render.ts';
import type { PolicyRulesFile } from '../schemas/policy.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';
import { recordFileStems } from './write-scan-records.ts';

export interface PolicyOutputOptions {
  format: PolicyFormat;
  rules?: PolicyRulesFile;
  serverKey?: string;
  /** Write files here instead of printing on stdout. */
  outDirectory?: string;
  /** The command, for messages: `policy` or `scan`. */
  command: string;
  /** --allow-unbounded and the Claude Code hook's policy path. */
  exportOptions?: ExportOptions;
}

/** True when the format keeps each server in a file of its own, so several servers need --out. */
export function needsOneFilePerServer(format: PolicyFormat): boolean {
  return !MULTI_SERVER_FORMATS.includes(format);
}

/** The usage error for several servers in a one-server format without --out. */
export function oneFilePerServerError(command: string, format: PolicyFormat, servers: number): McpRiskError {
  return new McpRiskError('usage', `${command}: ${format} configures one server per file, but there are ${countOf(servers, 'server')} and no --out.`, {
    hint: `Add --out DIR to write one ${POLICY_FORMAT_INFO[format].fileName} per server, or pick a format whose one file holds them all (${MULTI_SERVER_FORMATS.join(', ')}).`,
  });
}

/**
 * The recommended policy for every successfully scanned record, as one client file (claude-code, cursor,
 * vscode, docker, mcp-risk) or one file per server (toolhive, intercept), on stdout or under --out.
 * Records that did not scan are skipped with a line saying so; notes go to stderr.
 */
export async function writePolicyOutput(records: readonly ScanRecord[], options: PolicyOutputOptions, io: Io): Promise<string[]> {
  const { format, command } = options;
  const say = (line: string) => io.stderr.write(`mcp-risk ${command}: ${line}\n`);
  const scanned = records.filter((record) => record.status === 'ok');
  for (const record of records) {
    if (record.status !== 'ok') say(`skipped ${toTerminalText(record.serverName ?? record.target, 80)}: its scan ended ${record.status}, so there are no tools to write rules for.`);
  }
  if (scanned.length === 0) throw new McpRiskError('input', `${command}: expected at least one successful scan to recommend a policy for, got none.`);
  if (options.serverKey !== undefined && scanned.length > 1) {
    throw new McpRiskError('usage', `${command}: --server-key names one server, but there are ${scanned.length}.`, { hint: 'Each server keeps its configured name; to rename one, run mcp-risk policy on its record alone.' });
  }
  if (needsOneFilePerServer(format) && scanned.length > 1 && !options.outDirectory) throw oneFilePerServerError(command, format, scanned.length);

  const policies = scanned.map((record) => recommendPolicy(policyInputFromRecord(record), { ...(options.rules && { rules: options.rules }), ...(options.serverKey !== undefined && { serverKey: options.serverKey }) }));
  const files: { path?: string; text: string; notes: string[] }[] = [];
  const fileName = POLICY_FORMAT_INFO[format].fileName;
  if (needsOneFilePerServer(format)) {
    // The same stems as the records', so each policy sits beside its own record.
    const stems = recordFileStems(records);
    policies.forEach((policy, index) => {
      const exported = exportPolicy(policy, format, options.exportOptions);
      const stem = stems[records.indexOf(scanned[index]!)]!;
      files.push({ ...(options.outDirectory && { path: join(options.outDirectory, `${stem}.policy.${fileName}`) }), ...exported });
    });
  } else {
    files.push({ ...(options.outDirectory && { path: join(options.outDirectory, fileName) }), ...exportPolicies(policies, format, options.exportOptions) });
  }

  const written: string[] = [];
  if (options.outDirectory) await mkdir(options.outDirectory, { recursive: true });
  for (const file of files) {
    for (const note of file.notes) say(`note: ${note}`);
    if (file.path) {
      await writeFileAtomic(file.path, file.text);
      say(`wrote ${file.path}`);
      written.push(file.path);
    } else {
      io.stdout.write(file.text);
    }
  }
  const where = written.length ? written.join(', ') : 'the file above';
  say(`${policies.length === 1 ? 'one server' : `${policies.length} servers`} (${policies.map((policy) => policy.server.key).join(', ')}); install ${where}: ${POLICY_FORMAT_INFO[format].installs}.`);
  return written;
}
