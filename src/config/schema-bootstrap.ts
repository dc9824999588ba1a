/** The `bootstrap` section: the roles `npm run bootstrap` generates for every account and the CI account. */
import { z } from 'zod';
import * as rule from './field-formats';

/** An organization root (r-...) or organizational unit (ou-...-...). */
const organizationalUnitId = z
  .string()
  .regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, { error: 'must be an organization root ID (r-xxxx) or an organizational unit ID (ou-xxxx-xxxxxxxx)' });

/** GitHub `owner/name`. */
const githubRepository = z.string().regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, { error: 'must be a GitHub repository as owner/name' });

export const bootstrapSchema = z
  .strictObject({
    deployerRoleName: rule.iamRoleName.describe('Role Terraform assumes to deploy in every account (default: assumeRoleName, else SessionPrefsDeployer).').optional(),
    planRoleName: rule.iamRoleName.describe('Read-only role pull-request plans assume in every account (PLAN_ROLE_NAME).').optional(),
    readRoleName: rule.iamRoleName.describe('Read-only role of npm run drift and npm run preflight in every account (DRIFT_ROLE_NAME).').optional(),
    organizationalUnits: z
      .array(organizationalUnitId)
      .describe('Where the service-managed StackSet deploys the roles, accounts vended later included (auto-deployment).')
      .optional(),
    trustedPrincipals: z.array(rule.iamRoleArn).describe('Further roles that may assume the account roles (for example an existing CI role outside GitHub Actions).').optional(),
    ci: z
      .strictObject({
        accountId: rule.accountId.describe('12-digit ID of the account that holds the GitHub OIDC provider and the CI roles.'),
        repository: githubRepository.describe('GitHub repository (owner/name) whose workflows may assume the CI roles.'),
        productionEnvironment: z.string().min(1).max(255).describe('GitHub environment whose jobs may deploy (the deployer CI role).').optional(),
        planRoleName: rule.iamRoleName.describe('CI role for pull-request plans and the drift check (assumes the plan and read roles).').optional(),
        deployRoleName: rule.iamRoleName.describe('CI role of the production environment (assumes the deployer roles).').optional(),
        createOidcProvider: z.boolean().describe('Create the GitHub OIDC provider (false when the CI account has one already).').optional(),
      })
      .describe('The CI account: GitHub OIDC provider and the CI roles, scoped to the repository and its environments.')
      .optional(),
  })
  .describe('The roles every account needs (npm run bootstrap; docs/bootstrap.md).');

export type BootstrapInput = z.infer<typeof bootstrapSchema>;
