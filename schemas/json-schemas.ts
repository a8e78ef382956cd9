import { z } from 'zod';
import { AssessmentSchema } from './assessment.ts';
import { CatalogueIndexSchema, ServerFileSchema, TargetsFileSchema } from './catalogue.ts';
import { CatalogueDownloadSchema } from './catalogue-download.ts';
import { InspectFrameSchema, InspectVerdictLineSchema } from './content-inspection.ts';
import { GuardAuditLineSchema } from './guard-audit.ts';
import { PolicyRulesFileSchema, PolicySchema } from './policy.ts';
import { ScanRecordSchema } from './scan-record.ts';
import { SecurityRecordSchema } from './security-record.ts';
import { SuppressionsFileSchema } from './suppressions.ts';
import { ClassifierInputSchema } from './tool.ts';

/** Every schema published as a JSON Schema under data/schema/<name>.schema.json. */
export const publishedSchemas: { name: string; schema: z.ZodType }[] = [
  { name: 'classifier-input', schema: ClassifierInputSchema },
  { name: 'assessment', schema: AssessmentSchema },
  { name: 'scan-record', schema: ScanRecordSchema },
  { name: 'catalogue-targets', schema: TargetsFileSchema },
  { name: 'catalogue-server', schema: ServerFileSchema },
  { name: 'catalogue-index', schema: CatalogueIndexSchema },
  { name: 'catalogue-download', schema: CatalogueDownloadSchema },
  { name: 'policy', schema: PolicySchema },
  { name: 'policy-rules', schema: PolicyRulesFileSchema },
  { name: 'guard-audit', schema: GuardAuditLineSchema },
  { name: 'inspect-frame', schema: InspectFrameSchema },
  { name: 'inspect-verdict', schema: InspectVerdictLineSchema },
  { name: 'security-record', schema: SecurityRecordSchema },
  { name: 'suppressions', schema: SuppressionsFileSchema },
];

/** Renders one schema as the JSON text written to disk (stable, so staleness is a plain string compare). */
export function renderJsonSchema(name: string, schema: z.ZodType): string {
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });
  const withId = { $id: `https://mcp-risk.dev/schema/${name}.schema.json`, ...jsonSchema };
  return `${JSON.stringify(withId, null, 2)}\n`;
}
