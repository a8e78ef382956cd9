import type { CategoryRule, RiskRule } from '../evidence.ts';
import { annotationRules } from './annotations.ts';
import { codeRules } from './code.ts';
import { moneyRules } from './money.ts';
import { readOnlyClaimRules } from './read-only-claims.ts';
import { destructiveRiskRules } from './risk-destructive.ts';
import { executeRiskRules } from './risk-execute.ts';
import { readRiskRules } from './risk-read.ts';
import { writeRiskRules } from './risk-write.ts';
import { schemaRules } from './schema.ts';
import { selfDeclaredRules } from './self-declared.ts';
import { verbRules } from './verbs.ts';

/** Every rule that argues for a category, in the order their signals are listed. */
export const categoryRules: readonly CategoryRule[] = [verbRules, codeRules, moneyRules, schemaRules, selfDeclaredRules, readOnlyClaimRules, annotationRules];

/** Every rule that moves a risk from its category's base level. */
export const riskRules: readonly RiskRule[] = [readRiskRules, writeRiskRules, destructiveRiskRules, executeRiskRules];
