import { DEFAULT_CONTENT_POLICY, inspectServerMessage } from '../../classifier/content/inspect-message.ts';
import { EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK } from '../../core/errors.ts';
import { countOf, toTerminalText } from '../../core/terminal-text.ts';
import { ContentActionSchema, InspectFrameSchema, type ContentVerdict, type InspectVerdictLine } from '../../schemas/content-inspection.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { parseJsonLines } from '../jsonl.ts';
import { readTextInput } from '../read-input.ts';

const usage = `Usage: mcp-risk inspect [FILE|-] [--content warn|block]

Runs the guard's message checks over JSON-RPC frames, one per line:
  {"id": "...", "message": {"jsonrpc": "2.0", ...}, "direction": "server-to-client"}
"direction" is optional: a tools/call request counts as the client's, anything else as the server's.
Other fields (labels, notes) are ignored. Reads standard input when FILE is "-" or missing.

Writes one line per frame, in order: {"id", "verdict": "pass"|"warn"|"block", "findings": [...]}.
Findings: prompt-injection, hidden-unicode, secret (its kind and a short hash, never the value),
credential-request, argument-injection. A hostile tool definition blocks; hostile text elsewhere (results,
prompts, resources, instructions, elicitation, sampling, call arguments) warns, or blocks with --content block.
A warning never blocks. Details and examples: docs/guard.md.

Options:
  --content warn|block   what a hostile finding outside definitions does (default warn, as in the guard)

Exit codes: 0 nothing blocked; 1 at least one frame would be blocked; 3 a line was malformed (reported on
stderr and written as {"line", "error"}).
`;

export const inspectCommand: Command = {
  name: 'inspect',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('inspect', argv, { content: { type: 'string' } });
    const content = requireChoice('inspect', 'content', values.content ?? DEFAULT_CONTENT_POLICY.content, ContentActionSchema.options);
    const text = await readTextInput(positionals[0] ?? '-', io);
    const counts: Record<ContentVerdict, number> = { pass: 0, warn: 0, block: 0 };
    let malformed = 0;
    for (const line of parseJsonLines(text, InspectFrameSchema)) {
      if (!line.ok) {
        malformed++;
        io.stderr.write(`line ${line.lineNumber}: ${toTerminalText(line.error, 300)}\n`);
        io.stdout.write(`${JSON.stringify({ line: line.lineNumber, error: line.error })}\n`);
        continue;
      }
      const { id, message, direction } = line.value;
      const { verdict, findings } = inspectServerMessage(message, direction ?? (message['method'] === 'tools/call' ? 'client-to-server' : 'server-to-client'), { content });
      counts[verdict]++;
      const result: InspectVerdictLine = { id, verdict, findings };
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    io.stderr.write(`${countOf(counts.pass + counts.warn + counts.block, 'frame')}: ${counts.pass} pass, ${counts.warn} warn, ${counts.block} block${malformed ? `; ${countOf(malformed, 'malformed line')} skipped` : ''}\n`);
    if (malformed) return EXIT_FAILURE;
    return counts.block ? EXIT_FINDINGS : EXIT_OK;
  },
};
