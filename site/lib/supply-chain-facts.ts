import { AdvisorySeveritySchema, isUnknown, type SupplyChain } from '../../schemas/supply-chain.ts';
import { linkableUrl } from './format.ts';

/** One supply-chain fact as the server page and the HTML report show it. */
export interface SupplyChainRow {
  /** What the fact is: "Licence", "Repository"… */
  label: string;
  /** The fact in words (untrusted text from the package where it quotes it). */
  text: string;
  /** An http(s) address to link the text to, when the fact is an address of that kind. */
  link?: string;
  /** How a reader should take it: `unknown` (could not be established), `warning` (worth a look), or plain. */
  tone: 'plain' | 'unknown' | 'warning';
}

const DAY = 24 * 60 * 60 * 1000;

/** How old a version is, in words: "3 days", "14 months", "2 years". */
export function describeAge(publishedAt: string, now: number): string | undefined {
  const published = Date.parse(publishedAt);
  if (Number.isNaN(published)) return undefined;
  const days = Math.max(0, Math.floor((now - published) / DAY));
  if (days < 60) return days === 1 ? '1 day' : `${days} days`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${Math.floor(days / 365.25)} years`;
}

function unknownRow(label: string, reason: string): SupplyChainRow {
  return { label, text: `unknown (${reason})`, tone: 'unknown' };
}

function addressRow(label: string, value: SupplyChain['repository'], none: string): SupplyChainRow {
  if (isUnknown(value)) return unknownRow(label, value.unknown);
  if (value === null) return { label, text: none, tone: 'warning' };
  const link = linkableUrl(value);
  return { label, text: value, ...(link && { link }), tone: 'plain' };
}

/** Every supply-chain fact of one package version, in the order a reader weighs them; the version's age is as of when the facts were checked. */
export function supplyChainRows(facts: SupplyChain): SupplyChainRow[] {
  const rows: SupplyChainRow[] = [];
  const now = Date.parse(facts.checkedAt);
  const { description, license, installScripts, dependencies, publishedAt, provenance, advisories } = facts;
  rows.push(isUnknown(description) ? unknownRow('Description', description.unknown) : { label: 'Description', text: description ?? 'none given', tone: 'plain' });
  rows.push(isUnknown(license) ? unknownRow('Licence', license.unknown) : license === null ? { label: 'Licence', text: 'none declared', tone: 'warning' } : { label: 'Licence', text: license, tone: 'plain' });
  rows.push(addressRow('Repository', facts.repository, 'none declared'));
  rows.push(addressRow('Homepage', facts.homepage, 'none declared'));
  if (isUnknown(publishedAt)) rows.push(unknownRow('Published', publishedAt.unknown));
  else {
    const age = Number.isNaN(now) ? undefined : describeAge(publishedAt, now);
    rows.push({ label: 'Published', text: `${publishedAt.slice(0, 10)}${age ? ` (${age} old when checked on ${facts.checkedAt.slice(0, 10)})` : ''}`, tone: 'plain' });
  }
  if (isUnknown(installScripts)) rows.push(unknownRow('Install scripts', installScripts.unknown));
  else rows.push(installScripts.length ? { label: 'Install scripts', text: `${installScripts.join(', ')} (not run by the scan: it installs with scripts disabled)`, tone: 'warning' } : { label: 'Install scripts', text: 'none', tone: 'plain' });
  if (isUnknown(dependencies)) rows.push(unknownRow('Dependencies', dependencies.unknown));
  else rows.push({ label: 'Dependencies', text: `${dependencies.direct} direct, ${dependencies.installed} installed in all`, tone: 'plain' });
  if (isUnknown(provenance)) rows.push(unknownRow('Provenance', provenance.unknown));
  else {
    const signed = provenance.signatures === undefined ? 'registry signature not reported' : provenance.signatures > 0 ? 'registry signature' : 'no registry signature';
    const attested = provenance.attested
      ? `build attestation${provenance.repository ? ` from ${provenance.repository}` : ''}${provenance.workflow ? `, workflow ${provenance.workflow}` : ''}`
      : 'no build attestation';
    const link = provenance.repository ? linkableUrl(provenance.repository.startsWith('http') ? provenance.repository : `https://github.com/${provenance.repository}`) : undefined;
    rows.push({ label: 'Provenance', text: `${signed}; ${attested}`, ...(link && { link }), tone: provenance.attested ? 'plain' : 'warning' });
  }
  if (isUnknown(advisories)) rows.push(unknownRow('Known advisories', advisories.unknown));
  else {
    const counts = [...AdvisorySeveritySchema.options].reverse().filter((severity) => advisories.counts[severity] > 0).map((severity) => `${advisories.counts[severity]} ${severity}`);
    rows.push(counts.length
      ? { label: 'Known advisories', text: `${counts.join(', ')} in the installed tree${advisories.ids.length ? `: ${advisories.ids.slice(0, 12).join(', ')}${advisories.ids.length > 12 ? ` and ${advisories.ids.length - 12} more` : ''}` : ''}`, tone: 'warning' }
      : { label: 'Known advisories', text: 'none reported for the installed tree', tone: 'plain' });
  }
  return rows;
}

/** Whether the installed tree has a critical advisory (known facts only). */
export function hasCriticalAdvisory(facts: SupplyChain | undefined): boolean {
  return facts !== undefined && !isUnknown(facts.advisories) && facts.advisories.counts.critical > 0;
}

/** Whether the package declares no repository at all (known facts only: an unknown repository is not "none"). */
export function lacksRepository(facts: SupplyChain | undefined): boolean {
  return facts !== undefined && facts.repository === null;
}
