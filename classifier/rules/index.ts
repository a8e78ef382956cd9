import type { CategoryRule, RiskRule } from '../evidence.ts';
import { annotationRule } from './annotations.ts';
import { argumentsRule } from './arguments.ts';
import { codeRule } from './code.ts';
import { moneyRule } from './money.ts';
import { passthroughRule } from './passthrough.ts';
import { readOnlyClaimRule } from './read-only-claims.ts';
import { destructiveRiskRule } from './risk-destructive.ts';
import { executeRiskRule } from './risk-execute.ts';
import { readRiskRule } from './risk-read.ts';
import { runsProgramRule } from './programs.ts';
import { writeRiskRule } from './risk-write.ts';
import { schemaRule } from './schema.ts';
import { serverContextRule } from './server-context.ts';
import { selfDeclaredRule } from './self-declared.ts';
import { unanalysedTextRule } from './unanalysed-text.ts';
import { verbRule } from './verbs.ts';

/** Every rule that argues for a category, in the order their signals are listed. */
export const categoryRules: readonly CategoryRule[] = [verbRule, codeRule, moneyRule, passthroughRule, runsProgramRule, schemaRule, argumentsRule, selfDeclaredRule, readOnlyClaimRule, annotationRule, unanalysedTextRule, serverContextRule];

/** Every rule that moves a risk from its category's base level. */
export const riskRules: readonly RiskRule[] = [readRiskRule, writeRiskRule, destructiveRiskRule, executeRiskRule];
