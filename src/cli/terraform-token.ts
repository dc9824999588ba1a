/**
 * The HCP Terraform token for the hostname the configuration names: Terraform reads the token of a
 * host from `TF_TOKEN_<host>` (dots as underscores; hyphens too, as Terraform allows both), so a
 * workflow that sets one fixed name (`TF_TOKEN_app_terraform_io`) breaks on another hostname. The
 * CI tool maps the workflow's `TF_API_TOKEN` to the variable of each stack's host instead.
 */

/** `TF_TOKEN_app_terraform_io` for `app.terraform.io` (Terraform's naming, docs "Environment Variable Credentials"). */
export function terraformTokenVariable(hostname: string): string {
  return `TF_TOKEN_${hostname.replace(/\./g, '_').replace(/-/g, '__')}`;
}

/** The HCP Terraform hosts a synthesized stack (cdk.tf.json, parsed) uses: its `cloud` or `remote` backend. */
export function cloudHostnames(stack: { terraform?: { cloud?: { hostname?: string }; backend?: { remote?: { hostname?: string } } } }): string[] {
  return [stack.terraform?.cloud?.hostname, stack.terraform?.backend?.remote?.hostname].filter((h): h is string => typeof h === 'string' && h !== '');
}

/**
 * The variables to add to Terraform's environment: `TF_TOKEN_<host>` set to `TF_API_TOKEN` for each
 * host, unless the environment sets that variable itself (an explicit token wins).
 */
export function tokenEnvironment(env: Readonly<Record<string, string | undefined>>, hostnames: readonly string[]): Record<string, string> {
  const token = env.TF_API_TOKEN;
  if (token === undefined || token === '') return {};
  return Object.fromEntries(
    hostnames
      .map(terraformTokenVariable)
      .filter((name) => env[name] === undefined)
      .map((name) => [name, token]),
  );
}
