/**
 * Account groups: named sets of overrides of `preferences`, `access` and `customDocuments` that
 * apply to the accounts naming the group (`accounts[].group`), with Region-level overrides below
 * them. Merged over the top-level settings (and those over the defaults) by resolve-groups.ts.
 */
import { z } from 'zod';
import * as rule from './field-formats';
import { accessSchema } from './schema-access';

/** Group names: referenced from accounts and shown in error messages. */
export const groupName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be an account group name: 1-40 lowercase letters, digits and hyphens, starting with a letter' });

/** The schemas of schema.ts a group builds on (passed in: schema.ts imports this module). */
export interface GroupSchemaParts<P extends z.ZodObject, O extends z.ZodObject, D extends z.ZodType> {
  readonly preferencesSchema: P;
  readonly preferenceOverridesSchema: O;
  readonly customDocumentSchema: D;
}

/** The `accountGroups` schema and the top-level `regionOverrides` schema. */
export function groupSchemas<P extends z.ZodObject, O extends z.ZodObject, D extends z.ZodType>(parts: GroupSchemaParts<P, O, D>) {
  /**
   * Preferences as an override: any field of `preferences`, merged over what the account would get
   * otherwise. Unlike the base preferences, runAs.enabled may rely on an inherited defaultUser
   * (checked after merging).
   */
  const groupPreferencesSchema = parts.preferencesSchema
    .extend({ runAs: parts.preferenceOverridesSchema.shape.runAs })
    .describe('Overrides of the preferences, merged field by field over the top-level preferences.');

  const regionOverridesSchema = z
    .partialRecord(rule.region, z.strictObject({ preferences: groupPreferencesSchema.optional() }).describe('Overrides of one Region, merged over everything else.'))
    .describe("Overrides by Region: merged over the preferences (and, in a group, over the group's preferences).");

  const accountGroupSchema = z
    .strictObject({
      description: z.string().max(256).describe('What the accounts of this group have in common (for example an OU).').optional(),
      preferences: groupPreferencesSchema.optional(),
      access: accessSchema.describe('Overrides of access, merged field by field over the top-level access (lists replace lists).').optional(),
      customDocuments: z
        .array(parts.customDocumentSchema)
        .describe('Custom documents of this group: an entry with the name of a top-level document overrides it, other names add documents.')
        .optional(),
      regionOverrides: regionOverridesSchema.optional(),
    })
    .describe('One account group: overrides for the accounts whose group is this one.');

  const accountGroupsSchema = z.record(groupName, accountGroupSchema).describe('Named account groups (for example production, sandbox), selected by accounts[].group.');

  return { groupPreferencesSchema, regionOverridesSchema, accountGroupSchema, accountGroupsSchema };
}
