/**
 * The names this project gives the resources it creates, as pure functions of the configuration.
 * The constructs and the validation of every planned name (src/config/planned-names.ts) use the
 * same functions, so what is checked is what is created.
 */

/** Name of the session Terraform opens when it assumes an account's role (visible in CloudTrail); read-only tools add `-read`. */
export const ROLE_SESSION_NAME = 'session-manager-preferences';

/** Name of the updater function in every Region. */
export const UPDATER_FUNCTION_NAME = 'session-manager-preferences-updater';

/** Name of the updater's log group (the same in every Region). */
export function updaterLogGroupName(): string {
  return `/aws/lambda/${UPDATER_FUNCTION_NAME}`;
}

/** Log retention (days) of the updater's log group: the construct sets it, drift expects it. */
export const UPDATER_LOG_RETENTION_DAYS = 365;

/** The updater function's handler, timeout (seconds: enough for the handler's capped retries, 8 attempts, 5 s cap) and memory (MB): the construct sets them, drift expects them. */
export const UPDATER_HANDLER = 'index.handler';
export const UPDATER_TIMEOUT_SECONDS = 120;
export const UPDATER_MEMORY_MB = 256;

/** Name of the inline policy of the updater's role (its only permissions): the construct writes it, drift expects it. */
export const UPDATER_ROLE_POLICY_NAME = 'manage-preferences-document';

/** Name of the updater's IAM role in one Region (IAM is global: one role per Region). */
export function updaterRoleName(region: string): string {
  return `${UPDATER_FUNCTION_NAME}-${region}`;
}

/** Alias of the log-encryption key in every Region. */
export const LOGS_KEY_ALIAS = 'alias/session-manager/logs';

/** Description of the created session-data key: with the ManagedBy tag, drift's mark of that key among others (docs/drift.md). */
export const SESSION_DATA_KEY_DESCRIPTION = 'Encrypts Session Manager session data (managed by session-manager-preferences)';

/** Description of the created log-encryption key (tagged ManagedBy too, so only its description tells it from the session-data key). */
export const LOGS_KEY_DESCRIPTION = 'Encrypts Session Manager logs in CloudWatch Logs and S3 (managed by session-manager-preferences)';

/** Description of the archive key of each log-archive Region. */
export const ARCHIVE_KEY_DESCRIPTION = 'Encrypts the central Session Manager log archive; members use it only through S3 (managed by session-manager-preferences)';

/** Name of the SSM parameter that publishes the session-data key ID in each Region. */
export const KEY_ID_PARAMETER_NAME = '/session-manager/session-data-key-id';

/** IAM path of every policy, role and instance profile the access construct creates. */
export const ACCESS_IAM_PATH = '/session-manager/';

/**
 * Name of one managed policy: `<prefix>InstanceAccess` / `<prefix>UserAccess` /
 * `<prefix><name>Access` (access.documentPolicies), and `-2`, `-3`, ... for further parts when an
 * account's Regions do not fit in one policy.
 */
export function accessPolicyName(prefix: string, side: string, part: number): string {
  return `${prefix}${side}Access${part === 0 ? '' : `-${part + 1}`}`;
}

/** Name of a bucket this project creates for one account and Region. */
export function createdBucketName(prefix: string, accountId: string, region: string): string {
  return `${prefix}-${accountId}-${region}`;
}

/** A pattern matching the names of every bucket createdBucketName gives for `prefix` (policies covering many accounts and Regions). */
export function createdBucketNamePattern(prefix: string): string {
  return `${prefix}-*`;
}

/** Name of the log-archive stack of one Region: `<archive name>-<region>`. */
export function archiveStackNameOf(archiveName: string, region: string): string {
  return `${archiveName}-${region}`;
}

/** HCP Terraform workspace of one stack. */
export function workspaceName(prefix: string, stackName: string): string {
  return `${prefix}${stackName}`;
}

/** Tag key every created resource carries (DEFAULTS.tags: provider default_tags): bootstrap's tag conditions, preflight's "ours". */
export const MANAGED_BY_TAG = 'ManagedBy';

/**
 * Tag key naming the stack that manages a resource (provider default_tags of the member and
 * log-archive stacks, value the stack's name): preflight tells two deployments that share an
 * account and a ManagedBy value apart by it.
 */
export const MANAGED_BY_STACK_TAG = 'ManagedByStack';
