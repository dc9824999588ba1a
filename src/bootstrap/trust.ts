/**
 * Who may assume the bootstrap roles. Pure.
 *
 * In every member account (and the log-archive account): the deployer role trusts the CI deploy
 * role, the plan and read roles trust the CI plan role, and all three trust
 * `bootstrap.trustedPrincipals`. No external ID: neither Terraform's providers nor the read-only
 * tools pass one, and the principals are the organization's own (GitHub is scoped by OIDC subject). In the CI
 * account: the CI roles trust GitHub's OIDC provider for the configured repository only, the plan
 * role for pull requests and the default branch (the scheduled drift check), the deploy role for
 * jobs of the production environment only.
 */
import type { Model } from '../model/model';
import type { BootstrapModel, CiModel } from '../model/model-bootstrap';
import { policy, type PolicyDocument, type Statement } from '../policies/types';

/** GitHub Actions' OIDC issuer (docs.github.com, "Configuring OpenID Connect in Amazon Web Services"). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience the aws-actions/configure-aws-credentials action requests. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** Branch whose pushes and scheduled runs (drift) may use the plan role. */
export const DEFAULT_BRANCH = 'main';

/** One trust statement (Principal instead of Resource). */
export interface TrustStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly AWS: string | readonly string[] } | { readonly Federated: string };
  readonly Action: string | readonly string[];
  readonly Condition?: Statement['Condition'];
}

/** A role trust policy. */
export interface TrustDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly TrustStatement[];
}

/** Which side of CI may assume a role. */
export type RoleKind = 'deployer' | 'plan' | 'read';

function roleArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

/** The CI role that assumes roles of `kind`. */
export function ciRoleArn(partition: string, ci: CiModel, kind: RoleKind): string {
  return roleArn(partition, ci.accountId, kind === 'deployer' ? ci.deployRoleName : ci.planRoleName);
}

/** Trust policy of a bootstrap role in a member or log-archive account. Throws when nobody could assume it. */
export function accountRoleTrust(bootstrap: BootstrapModel, partition: string, kind: RoleKind): TrustDocument {
  const statements: TrustStatement[] = [];
  if (bootstrap.ci) statements.push({ Sid: 'CiRole', Effect: 'Allow', Principal: { AWS: ciRoleArn(partition, bootstrap.ci, kind) }, Action: 'sts:AssumeRole' });
  if (bootstrap.trustedPrincipals.length > 0)
    statements.push({
      Sid: 'TrustedPrincipals',
      Effect: 'Allow',
      Principal: { AWS: bootstrap.trustedPrincipals.length === 1 ? bootstrap.trustedPrincipals[0] : [...bootstrap.trustedPrincipals] },
      Action: 'sts:AssumeRole',
    });
  if (statements.length === 0) throw new Error('bootstrap: nobody could assume the roles; set bootstrap.ci (GitHub OIDC) or bootstrap.trustedPrincipals');
  return { Version: '2012-10-17', Statement: statements };
}

/** Trust policy of a CI role: GitHub OIDC tokens of the repository, for pull requests and main (plan) or the production environment (deployer). */
export function ciRoleTrust(ci: CiModel, partition: string, kind: 'deployer' | 'plan'): TrustDocument {
  const subjects =
    kind === 'deployer'
      ? [`repo:${ci.repository}:environment:${ci.productionEnvironment}`]
      : [`repo:${ci.repository}:pull_request`, `repo:${ci.repository}:ref:refs/heads/${DEFAULT_BRANCH}`];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActions',
        Effect: 'Allow',
        Principal: { Federated: `arn:${partition}:iam::${ci.accountId}:oidc-provider/${GITHUB_OIDC_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subjects.length === 1 ? subjects[0] : subjects },
        },
      },
    ],
  };
}

/** Every account ID of the configuration, the log-archive account included. */
function accountIds(model: Model): string[] {
  return [...new Set([...model.accounts.map((a) => a.id), ...(model.logArchive ? [model.logArchive.accountId] : [])])].sort();
}

/**
 * What a CI role may do: assume the account roles of its kind, in the configured accounts only
 * (aws:ResourceAccount); the deployer also the roles named by accounts[].assumeRoleArn.
 */
export function ciRolePolicy(model: Model, partition: string, kind: 'deployer' | 'plan'): PolicyDocument {
  const b = model.bootstrap;
  const configured = [...model.accounts.map((a) => a.assumeRoleArn), model.logArchive?.assumeRoleArn].filter((a): a is string => a !== undefined);
  const names = kind === 'deployer' ? [b.deployerRoleName] : [b.planRoleName, b.readRoleName];
  const targets = [...new Set([...names.map((n) => roleArn(partition, '*', n)), ...(kind === 'deployer' ? configured : [])])].sort();
  const ids = accountIds(model);
  return policy({
    Sid: kind === 'deployer' ? 'AssumeDeployerRoles' : 'AssumeReadOnlyRoles',
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: targets.length === 1 ? targets[0] : targets,
    Condition: { StringEquals: { 'aws:ResourceAccount': ids.length === 1 ? ids[0] : ids } },
  });
}
