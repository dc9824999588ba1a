/** The role Terraform and the read-only tools assume in each account. */

/** Environment variable naming the role assumed in every account instead of the configured ones. */
export const ROLE_NAME_ENV_VAR = 'SESSION_PREFS_ROLE_NAME';

/**
 * The role to assume in an account: $SESSION_PREFS_ROLE_NAME (for example a read-only role for
 * pull-request plans) wins over the file; then the entry's assumeRoleArn; then the top-level
 * assumeRoleName; else none (the caller's own credentials).
 */
export function assumedRoleArn(
  partition: string,
  accountId: string,
  configured: { readonly assumeRoleArn?: string; readonly assumeRoleName?: string },
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const roleName = env[ROLE_NAME_ENV_VAR];
  if (roleName) return `arn:${partition}:iam::${accountId}:role/${roleName}`;
  return configured.assumeRoleArn ?? (configured.assumeRoleName ? `arn:${partition}:iam::${accountId}:role/${configured.assumeRoleName}` : undefined);
}
