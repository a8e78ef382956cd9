import { performance } from 'node:perf_hooks';
import type { Direction, MessageInspection } from '../classifier/content/inspect-message.ts';
import { toTerminalText } from '../core/terminal-text.ts';
import type { ArgumentDecision } from '../schemas/argument-conditions.ts';
import type { ContentFinding } from '../schemas/content-inspection.ts';
import type { GuardDecision, GuardOutcome } from '../schemas/guard-audit.ts';
import type { PolicyAction, RateLimitWindow } from '../schemas/policy.ts';
import type { AuditSink } from './audit-log.ts';
import { shapeCallLine } from './audit-line.ts';
import type { Clock } from './clock.ts';
import type { ToolReport, ToolVerdict } from './tool-verdicts.ts';

/** One `tools/call` from the moment the guard read it until its audit line. */
export interface CallInFlight {
  tool: string;
  verdict: ToolVerdict | undefined;
  decision: GuardDecision;
  reason: string;
  argumentsSha256: string;
  arguments?: unknown;
  /** Which argument rule and condition decided, for a tool with argument rules. */
  argumentRule?: ArgumentDecision;
  /** What the message checks found in the arguments. */
  findings?: ContentFinding[];
  startedAt: number;
  startedMonotonic: number;
}

const MAX_LOGGED_PROBLEMS = 20;

/** What a session puts on the record: audit lines for calls, tools and the session, and lines for a person on stderr. */
export class SessionRecord {
  private readonly reported = new Set<string>();
  private problemsLogged = 0;

  constructor(private readonly options: { serverKey: string; clock: Clock; audit: AuditSink; log: (line: string) => void }) {}

  /** One line for a person. */
  log(text: string): void {
    this.options.log(`mcp-risk guard: ${text}`);
  }

  /** A problem with what a side sent; only the first few are printed, so a flood cannot drown stderr. */
  problem(text: string): void {
    this.problemsLogged++;
    if (this.problemsLogged <= MAX_LOGGED_PROBLEMS) this.log(text);
    else if (this.problemsLogged === MAX_LOGGED_PROBLEMS + 1) this.log('further problems of this kind are not shown');
  }

  /** A call's audit line; `answerFindings` are what the message checks found in the server's answer. */
  call(call: CallInFlight, outcome: GuardOutcome, window?: RateLimitWindow, answerFindings?: readonly ContentFinding[]): void {
    const findings = [...(call.findings ?? []), ...(answerFindings ?? [])];
    this.options.audit.append(shapeCallLine({
      server: this.options.serverKey,
      tool: call.tool,
      action: call.verdict?.action,
      decision: call.decision,
      reason: call.reason || 'the tool is not in the list the guard showed this client',
      argumentsSha256: call.argumentsSha256,
      ...(call.arguments !== undefined && { arguments: call.arguments }),
      startedAt: call.startedAt,
      endedAt: call.startedAt + (performance.now() - call.startedMonotonic),
      outcome,
      ...(window && { window }),
      ...(call.argumentRule && { argumentRule: call.argumentRule }),
      ...(findings.length && { findings }),
    }));
  }

  /** A listed tool a person must hear about, once per change. */
  tool(report: ToolReport, action: PolicyAction): void {
    const key = `${report.change}\u0000${report.tool}\u0000${report.pin ?? ''}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log(`tool "${toTerminalText(report.tool, 60)}": ${report.detail}`);
    this.options.audit.append({
      event: 'tool',
      time: this.isoNow(),
      server: this.options.serverKey,
      tool: report.tool,
      change: report.change,
      action,
      ...(report.pin && { pin: report.pin }),
      ...(report.expectedPin && { expectedPin: report.expectedPin }),
      detail: report.detail,
    });
  }

  /** What the message checks found in a message that is not a call's (a prompt, a resource, a server's request). */
  content(method: string, direction: Direction, inspection: MessageInspection): void {
    if (inspection.verdict === 'pass') return;
    this.options.audit.append({ event: 'content', time: this.isoNow(), server: this.options.serverKey, method, direction, verdict: inspection.verdict, findings: inspection.findings });
  }

  session(phase: 'start' | 'refused' | 'stop', detail: string): void {
    this.options.audit.append({ event: 'session', time: this.isoNow(), server: this.options.serverKey, phase, detail });
  }

  private isoNow(): string {
    return new Date(this.options.clock()).toISOString();
  }
}
