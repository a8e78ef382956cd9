import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';
import { projectRoot } from '../../core/project-root.ts';
import { countOf } from '../../core/terminal-text.ts';
import type { GuardCommand } from '../../guard/config-rewrite.ts';
import { changeConfig, readConfigDocument } from '../../guard/install.ts';
import { checkGuardEntries } from '../../guard/install-check.ts';
import { installedPolicyFiles, removePinnedPolicies, writePinnedPolicies } from '../../guard/install-policies.ts';
import { describePins, pinArguments, planPins, readScansFile, scanConfiguration, type PinPlan } from './guard-install-pins.ts';
import { defaultStatePaths } from '../../guard/run-guard.ts';
import { ContentActionSchema } from '../../schemas/content-inspection.ts';
import { SANDBOX_NAMES } from '../../scanner/sandbox.ts';
import { absolutePath, parseCommandArgs, requireChoice } from '../args.ts';

/**
 * How a configuration runs this mcp-risk: the node running now and the real `bin/mcp-risk.js` of this package,
 * wherever it is installed (a clone, `npm link`, a packed tarball), links resolved.
 */
export function currentGuardCommand(): GuardCommand {
  return { command: process.execPath, args: [realpathSync(join(projectRoot, 'bin', 'mcp-risk.js')), 'guard'] };
}

/** `guard install CONFIG` and `guard uninstall CONFIG`. */
export async function runConfigChange(mode: 'install' | 'uninstall', argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(`guard ${mode}`, argv, {
    'dry-run': { type: 'boolean' },
    rules: { type: 'string' },
    sandbox: { type: 'string' },
    'audit-args': { type: 'boolean' },
    'client-asks': { type: 'string' },
    content: { type: 'string' },
    live: { type: 'boolean' },
    scans: { type: 'string' },
    'scan-sandbox': { type: 'string' },
  });
  const config = positionals[0];
  if (config === undefined || positionals.length > 1) throw new McpRiskError('usage', `guard ${mode}: expected one CONFIG file, got ${positionals.length}.`, { hint: 'Run `mcp-risk guard --help` for usage.' });
  if (mode === 'uninstall' && (values.rules !== undefined || values.sandbox !== undefined || values['audit-args'] || values['client-asks'] !== undefined || values.content !== undefined || values.live || values.scans !== undefined || values['scan-sandbox'] !== undefined)) {
    throw new McpRiskError('usage', 'guard uninstall: expected only CONFIG and --dry-run, got guard options.');
  }
  if (values.live && (values.scans !== undefined || values['scan-sandbox'] !== undefined)) {
    throw new McpRiskError('usage', 'guard install: expected --live or --scans/--scan-sandbox, got both: --live assesses each server at start and pins nothing.');
  }
  const scanSandbox = requireChoice('guard install', 'scan-sandbox', values['scan-sandbox'] ?? 'bubblewrap', SANDBOX_NAMES);
  const sandbox = values.sandbox === undefined ? undefined : requireChoice('guard install', 'sandbox', values.sandbox, SANDBOX_NAMES);
  const shared = [
    ...(values.rules !== undefined ? ['--rules', absolutePath(values.rules, io.cwd)] : []),
    ...(sandbox !== undefined ? ['--sandbox', sandbox] : []),
    ...(values['audit-args'] ? ['--audit-args'] : []),
    ...(values['client-asks'] !== undefined ? [`--client-asks=${requireChoice('guard install', 'client-asks', values['client-asks'], ['trust', 'refuse'] as const)}`] : []),
    ...(values.content !== undefined ? [`--content=${requireChoice('guard install', 'content', values.content, ContentActionSchema.options)}`] : []),
  ];
  const path = absolutePath(config, io.cwd);
  const before = await readConfigDocument(path);
  // Pinned reviews: a policy per server from a scan (now, or --scans), written beside the configuration.
  let plan: PinPlan | undefined;
  if (mode === 'install' && !values.live && before) {
    const records = values.scans !== undefined ? await readScansFile(values.scans, io) : await scanConfiguration(before.target, before.document, scanSandbox, io);
    plan = await planPins(records, before.target, before.document);
  }
  const live: string[] = [];
  // A sandbox starts from an allowlisted environment: the variables the entry declares are passed on by name.
  const extraArgs = (name: string, entry: Record<string, unknown>): string[] => {
    const declared = sandbox && typeof entry.env === 'object' && entry.env !== null ? Object.keys(entry.env) : [];
    const pin = plan ? pinArguments(plan, name, entry) : [];
    if (plan && !pin.length && !live.includes(name)) live.push(name);
    return [...pin, ...shared, ...declared.map((name) => `--pass-env=${name}`)];
  };
  const pinned = plan ? [...plan.pinned.values()] : [];
  // The policies exist before the entries are checked (the check reads them); a failed install puts them back.
  const undoPolicies = !values['dry-run'] && pinned.length && before ? await writePinnedPolicies(pinned, before.mode) : undefined;
  let change;
  try {
    change = await changeConfig(path, mode, {
      dryRun: values['dry-run'] ?? false,
      guard: currentGuardCommand(),
      extraArgs,
      check: (written) => checkGuardEntries(written, dirname(path)),
    });
  } catch (error) {
    await undoPolicies?.();
    throw new McpRiskError('input', `guard ${mode}: cannot change ${config}: ${(error as Error).message}.`, { hint: 'See "Protecting Claude Code in one command" in docs/guard.md for the supported configurations.', cause: error });
  }
  const { rewrite } = change;
  // The policies install wrote that no entry runs any more: all of them on uninstall (but one whose entry could not be
  // taken back), and on a re-install those of servers no longer pinned (--live, or a scan that now fails).
  const stillUsed = new Set(installedPolicyFiles(rewrite.document, before?.target ?? path));
  const ownPolicies = !before ? [] : installedPolicyFiles(before.document, before.target).filter((file) => !stillUsed.has(file) && !pinned.some((pin) => pin.path === file));
  for (const skipped of rewrite.skipped) io.stderr.write(`note: ${skipped.server} left as it is: ${skipped.why}\n`);
  for (const note of change.notes) io.stderr.write(`note: ${note}\n`);
  if (plan) for (const line of describePins(plan, live, values['dry-run'] ?? false)) io.stderr.write(`${line}\n`);
  else if (mode === 'install') io.stderr.write('live: no pinned policies (--live); each guard assesses its server\'s tool list at start\n');
  if (values['dry-run']) {
    io.stdout.write(change.diff);
    for (const file of ownPolicies) io.stderr.write(`would remove ${file}\n`);
    io.stderr.write(`dry run: ${countOf(rewrite.changed.length, 'server')} would change${pinned.length ? `, ${countOf(pinned.length, 'policy file')} would be written` : ''}; nothing was written\n`);
    return EXIT_OK;
  }
  if (ownPolicies.length) {
    await removePinnedPolicies(ownPolicies);
    for (const file of ownPolicies) io.stderr.write(`removed ${file}\n`);
  }
  if (!rewrite.changed.length) {
    io.stderr.write(`nothing to ${mode} in ${config}${pinned.length ? ' (its pins are refreshed)' : ''}\n`);
    return EXIT_OK;
  }
  if (mode === 'uninstall') {
    io.stderr.write(`no longer behind the guard: ${rewrite.changed.join(', ')}\nrestart the client to apply it\n`);
    return EXIT_OK;
  }
  io.stderr.write(`now behind the guard: ${rewrite.changed.join(', ')}\n`);
  io.stderr.write(`checked: ${countOf(rewrite.written.length, 'guard')} ${rewrite.written.length === 1 ? 'starts' : 'start'} (${currentGuardCommand().args[0]} guard --check)\n`);
  for (const { server } of rewrite.written) io.stderr.write(`audit log of ${server}: ${defaultStatePaths(server, process.env).audit}\n`);
  io.stderr.write(`the file as it was before: ${change.backup}\nrestart the client to apply it\n`);
  return EXIT_OK;
}
