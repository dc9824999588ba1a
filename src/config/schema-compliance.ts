/**
 * The `compliance` section of the configuration file: thresholds of the compliance rules checked at
 * synth (src/compliance, docs/compliance.md) and suppressions of their findings. Every field is
 * optional; defaults live in defaults.ts (`DEFAULTS.compliance`). Nothing here judges the rest of
 * the configuration: a non-compliant configuration is valid and fails at synth, finding by finding.
 */
import { z } from 'zod';

/** A suppression's reason must say why and on whose authority, not just "legacy". */
export const SUPPRESSION_REASON_MIN_LENGTH = 20;

const REASON_MESSAGE = `must be at least ${SUPPRESSION_REASON_MIN_LENGTH} characters: say why the finding is accepted (and who accepted it)`;

/** Rule ids such as SMP-LOG-2. */
export const ruleId = z.string().regex(/^SMP-[A-Z0-9]+-\d+$/, { error: 'must be a rule id such as SMP-LOG-2 (see docs/compliance-rules.md)' });

export const suppressionSchema = z
  .strictObject({
    rule: ruleId.describe('Id of the rule whose findings are suppressed (docs/compliance-rules.md lists them).'),
    stack: z
      .string()
      .regex(/^[A-Za-z0-9_*-]{1,100}$/, { error: 'must be a stack name such as prod-shard0; * matches any characters' })
      .describe('Stack the suppression applies to, such as prod-shard0 or *-global; * matches any characters.')
      .optional(),
    resource: z.string().min(1).max(1024).describe('Construct path, or a prefix of it, such as prod-shard0/eu-west-1/log-group; * matches any characters.').optional(),
    reason: z
      .string()
      .min(SUPPRESSION_REASON_MIN_LENGTH, { error: REASON_MESSAGE })
      .refine((r) => r.trim().length >= SUPPRESSION_REASON_MIN_LENGTH, { error: REASON_MESSAGE })
      .describe('Why the finding is accepted; shown in the compliance report.'),
  })
  .superRefine((s, ctx) => {
    if (s.stack === undefined && s.resource === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must name a stack or a resource (stack: "*" suppresses the rule in every stack)' });
    }
  })
  .describe('Accepts the findings of one rule in a stack or under a construct path, with a reason.');

export const complianceSchema = z
  .strictObject({
    maxIdleSessionTimeout: z
      .number({ error: 'must be a whole number of minutes between 1 and 60' })
      .int({ error: 'must be a whole number of minutes between 1 and 60' })
      .min(1, { error: 'must be between 1 and 60' })
      .max(60, { error: 'must be between 1 and 60' })
      .describe('Largest idleSessionTimeout (minutes) a Session document may set (rule SMP-SSM-3).')
      .optional(),
    minLogRetentionDays: z
      .number({ error: 'must be a whole number of days between 1 and 3653' })
      .int({ error: 'must be a whole number of days between 1 and 3653' })
      .min(1, { error: 'must be between 1 and 3653' })
      .max(3653, { error: 'must be between 1 and 3653' })
      .describe('Shortest retention (days) of a log group (rule SMP-LOG-2); log groups that never expire always pass.')
      .optional(),
    suppressions: z.array(suppressionSchema).describe('Findings accepted on purpose, each with a reason; one that matches nothing is reported.').optional(),
  })
  .describe('Compliance rules checked at synth (docs/compliance.md): thresholds and suppressions.');

export type ComplianceInput = z.infer<typeof complianceSchema>;
