import { recommendPolicy } from '../policy/recommend.ts';
import { policyInputFromRecord } from '../policy/policy-input.ts';
import { RISK_ORDER, riskRank } from '../schemas/assessment.ts';
import { PolicyActionSchema, type PolicyAction } from '../schemas/policy.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';
import { stackedBar } from '../site/lib/charts.ts';
import { ACTION_LABEL, STATUS_LABEL, shortDescription } from '../site/lib/format.ts';
import { describeRanWith } from '../site/lib/ran-with.ts';
import { supplyChainRows } from '../site/lib/supply-chain-facts.ts';

/** Text for HTML: every markup character escaped, in element content and in quoted attributes alike. Tool names and descriptions are hostile. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An untrusted name, bidi-isolated and cut to `max` characters. */
function name(text: string, max = 120): string {
  return `<bdi>${escapeHtml(text.length > max ? `${text.slice(0, max - 1)}…` : text)}</bdi>`;
}

const badge = (kind: string, value: string, text = value) => `<span class="badge ${kind}-${escapeHtml(value)}">${escapeHtml(text)}</span>`;

/** The same colours and layout as the catalogue site, inline: the report needs no network and no script. */
const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;color:#1a1a1a;max-width:70rem;margin:0 auto;padding:0 1rem 3rem}
h1{overflow-wrap:anywhere}.lead{font-size:1.1rem}.note{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:600}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{border-bottom:2px solid #1a1a1a}
.table-scroll{overflow-x:auto}pre{background:#f5f5f4;padding:.75rem;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate;direction:ltr}
code{background:#f5f5f4;padding:0 .2em;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.5rem 1.5rem}.facts dt{font-size:.8rem;text-transform:uppercase;color:#555}.facts dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:0 .45em;border-radius:.3em;font-size:.85em;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.risk-low,.action-allow,.status-ok,.severity-info{color:#1d6b2f}.risk-medium,.severity-warning,.fact-warning{color:#8a5a00}
.risk-high,.action-approve{color:#b34700}.risk-critical,.action-deny,.severity-error{color:#b00020}.fact-unknown{color:#555;font-style:italic}
[class*="status-"]:not(.status-ok){color:#b00020}.warning{border-left:4px solid #b34700;padding-left:1rem}
.action-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}.action-bar svg{max-width:100%}
@media (max-width:40rem){td.summary{display:none}}
section.server{border-top:1px solid #ddd;margin-top:2rem}`;

function actionBar(actions: PolicyAction[]): string {
  const WIDTH = 300;
  const counts = PolicyActionSchema.options.map((action) => ({ key: action, label: ACTION_LABEL[action], count: actions.filter((each) => each === action).length }));
  const parts = stackedBar(counts, WIDTH);
  if (!parts.length) return '';
  const text = counts.filter((part) => part.count > 0).map((part) => `${part.count} ${part.label}`).join(', ');
  return `<p class="action-bar"><svg role="img" aria-label="Tools by action: ${escapeHtml(text)}" viewBox="0 0 ${WIDTH} 14" width="${WIDTH}" height="14">${parts.map((part) => `<rect class="action-${part.key}" x="${part.start}" y="0" width="${part.length}" height="14" fill="currentColor"></rect>`).join('')}</svg><span>${counts.filter((part) => part.count > 0).map((part) => badge('action', part.key, `${part.count} ${part.label}`)).join(' · ')}</span></p>`;
}

function fact(label: string, html: string): string {
  return `<div><dt>${escapeHtml(label)}</dt><dd>${html}</dd></div>`;
}

/** One scanned server: the sections of its catalogue page (where it comes from, facts, gaps, tools with actions, findings, policy). */
function renderServer(record: ScanRecord): string {
  const title = record.package?.name ?? record.serverName ?? record.server?.name ?? record.target;
  const policy = recommendPolicy(policyInputFromRecord(record));
  const actionOf = new Map(policy.tools.map((tool) => [tool.name, tool.action]));
  const actions = record.tools.map((tool) => actionOf.get(tool.name) ?? 'deny');
  const maxRisk = record.tools.reduce<string | undefined>((worst, tool) => (worst === undefined || riskRank(tool.assessment.risk) > riskRank(worst as never) ? tool.assessment.risk : worst), undefined);
  const findings = record.tools.flatMap((tool) => tool.assessment.findings.map((finding) => ({ tool, finding })));
  const ranWith = describeRanWith(record.ranWith, record.status);
  const out: string[] = [];
  out.push(`<section class="server"><h1>${name(title)}</h1>`);
  if (record.server?.instructions) out.push(`<p class="lead"><bdi>${escapeHtml(record.server.instructions.slice(0, 2000))}</bdi></p>`);
  if (record.supplyChain) {
    out.push('<h2>Where the code comes from</h2><dl class="facts">');
    for (const row of supplyChainRows(record.supplyChain)) {
      const text = escapeHtml(row.text);
      out.push(fact(row.label, `<span class="fact-${row.tone}">${row.link ? `<a href="${escapeHtml(row.link)}" rel="external noopener">${text}</a>` : text}</span>`));
    }
    out.push(`</dl><p class="note">Checked ${escapeHtml(record.supplyChain.checkedAt)}.</p>`);
  }
  out.push('<h2>Scan</h2><dl class="facts">');
  out.push(fact('Target', `<code>${name(record.target, 300)}</code>`));
  if (record.package) out.push(fact('Package scanned', `<code>${name(`${record.package.name}@${record.package.version}`)}</code>`));
  if (record.server) out.push(fact('Says it is', `${name(record.server.name)} ${escapeHtml(record.server.version)} (protocol ${escapeHtml(record.server.protocolVersion)})`));
  out.push(fact('Scanned', `${escapeHtml(record.scannedAt)} in a ${escapeHtml(record.sandbox.backend)} sandbox, mcp-risk ${escapeHtml(record.scannerVersion)}, classifier ${escapeHtml(record.classifierVersion)}`));
  out.push(fact('Outcome', `${badge('status', record.status)} ${escapeHtml(STATUS_LABEL[record.status])}: ${escapeHtml(record.detail)}`));
  if (ranWith) out.push(fact('Ran with', escapeHtml(ranWith)));
  out.push(fact('Tools', `${record.tools.length}${maxRisk ? `, highest risk ${badge('risk', maxRisk)}` : ''}`));
  out.push('</dl>');
  if (record.status !== 'ok' && record.stderrExcerpt) out.push(`<h2>What the server wrote to stderr</h2><pre>${escapeHtml(record.stderrExcerpt)}</pre>`);
  const gaps = [
    ...record.truncated.map((list) => `The ${escapeHtml(list)} list was cut short by a cap: it is incomplete.`),
    ...record.malformed.map((item) => `Malformed item in ${escapeHtml(item.list)} (#${item.index}${item.name !== undefined ? `, ${name(item.name)}` : ''}): ${escapeHtml(item.reason)}`),
    ...(record.listErrors ?? []).map((error) => `The ${escapeHtml(error.list)} list failed: ${escapeHtml(error.reason)}`),
  ];
  if (gaps.length) out.push(`<div class="warning"><h2>Gaps in this scan</h2><ul>${gaps.map((gap) => `<li>${gap}</li>`).join('')}</ul></div>`);
  out.push('<h2>Tools</h2>');
  if (record.tools.length === 0) out.push(`<p>No tools were listed${record.status !== 'ok' ? ' because the scan did not succeed' : ''}.</p>`);
  else {
    out.push(actionBar(actions));
    out.push('<div class="table-scroll"><table><caption>Every tool the server listed, in its order, with the recommended policy\'s action (ask: a person approves each call).</caption>');
    out.push('<thead><tr><th scope="col">Tool</th><th scope="col" class="summary">Does</th><th scope="col">Risk</th><th scope="col">Action</th><th scope="col">Category</th><th scope="col">Confidence</th><th scope="col">Findings</th></tr></thead><tbody>');
    record.tools.forEach((tool, index) => {
      const { assessment } = tool;
      out.push(`<tr><th scope="row">${name(tool.name, 80)}</th><td class="summary"><bdi>${escapeHtml(shortDescription(tool.description))}</bdi></td><td>${badge('risk', assessment.risk)} ${assessment.score}</td><td>${badge('action', actions[index]!, ACTION_LABEL[actions[index]!])}</td><td>${badge('category', assessment.category)}</td><td>${Math.round(assessment.confidence * 100)}%</td><td>${assessment.findings.length || ''}</td></tr>`);
    });
    out.push('</tbody></table></div>');
  }
  out.push('<h2>Findings</h2>');
  out.push(findings.length
    ? `<ul>${findings.map(({ tool, finding }) => `<li>${badge('severity', finding.severity)} ${name(tool.name, 80)} — <strong>${escapeHtml(finding.id)}</strong>: ${escapeHtml(finding.message)} <code>${escapeHtml(finding.evidence)}</code></li>`).join('')}</ul>`
    : '<p>None.</p>');
  out.push('<h2>Recommended policy</h2>');
  out.push(`<p>${policy.tools.filter((tool) => tool.action === 'allow').length} allowed, ${policy.tools.filter((tool) => tool.action === 'approve').length} asked, ${policy.tools.filter((tool) => tool.action === 'deny').length} denied; anything else is denied. Export it with <code>mcp-risk policy</code>.</p>`);
  if (policy.notes.length) out.push(`<ul class="note">${policy.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`);
  out.push('</section>');
  return out.join('\n');
}

/**
 * `mcp-risk scan --format html`: one self-contained page (inline style, no script, no network) with
 * the sections of a catalogue server page for every record, to attach a result to a review.
 */
export function renderScanHtml(records: readonly ScanRecord[]): string {
  const title = records.length === 1 ? (records[0]!.package?.name ?? records[0]!.serverName ?? records[0]!.target) : `${records.length} servers`;
  const order = [...records].sort((a, b) => {
    const worst = (record: ScanRecord) => Math.max(-1, ...record.tools.map((tool) => RISK_ORDER.indexOf(tool.assessment.risk)));
    return worst(b) - worst(a);
  });
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(`mcp-risk scan: ${title.slice(0, 120)}`)}</title><style>${STYLE}</style></head><body>`,
    `<p class="note">mcp-risk scan report · ${records.length === 1 ? '1 server' : `${records.length} servers`}, riskiest first</p>`,
    ...order.map(renderServer),
    '</body></html>',
    '',
  ].join('\n');
}
