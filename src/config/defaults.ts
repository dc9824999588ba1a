/**
 * Every default of the configuration, in one place. Secure by default: session data encrypted
 * with a created key, CloudWatch logging to a created, encrypted log group kept for a year, idle
 * sessions closed after 20 minutes and every session after an hour.
 */
import { DEFAULT_RULE_SETTINGS } from '../compliance/rule';

export const DEFAULTS = {
  adoptExisting: false,
  /** Nothing but (with adoptExisting) the document is imported unless asked. */
  adoptResources: [] as readonly string[],
  documentManagement: 'terraform',
  /** Regions per stack: the largest group whose offline plan stays under 2.5 GB (bench/results.md). */
  shardSize: 4,
  /** Region of the provider that manages account-wide IAM resources. */
  homeRegion: 'us-east-1',
  backend: { type: 'local' },
  cloudBackend: { hostname: 'app.terraform.io', workspacePrefix: 'session-manager-' },
  idleSessionTimeout: 20,
  maxSessionDuration: 60,
  runAs: { enabled: false, defaultUser: '' },
  shellProfile: { linux: '', windows: '' },
  sessionEncryption: { enabled: true, createKey: true, alias: 'alias/session-manager/data' },
  cloudWatch: {
    enabled: true,
    createLogGroup: true,
    logGroupName: '/session-manager/sessions',
    retentionDays: 365,
    encrypted: true,
    streaming: true,
  },
  s3: {
    enabled: false,
    createBucket: true,
    bucketNamePrefix: 'ssm-session-logs',
    keyPrefix: 'session-logs',
    encrypted: true,
    expirationDays: 365,
    noncurrentVersionExpirationDays: 30,
  },
  /**
   * The central log archive (logArchive): stacks <name>-<region>, buckets <prefix>-<account>-<region>,
   * members write under <keyPrefix>/<account id>/, only the member accounts of the configuration.
   */
  logArchive: {
    name: 'log-archive',
    bucketNamePrefix: 'ssm-session-archive',
    keyPrefix: 'session-logs',
    keyAlias: 'alias/session-manager/archive',
    writers: 'members',
    expirationDays: 365,
    noncurrentVersionExpirationDays: 30,
  },
  /** The bootstrap roles (npm run bootstrap): their names, and the CI roles' names and deploying environment. */
  bootstrap: {
    deployerRoleName: 'SessionPrefsDeployer',
    planRoleName: 'SessionPrefsPlan',
    readRoleName: 'SessionPrefsReadOnly',
    ci: { productionEnvironment: 'production', planRoleName: 'SessionPrefsCiPlan', deployRoleName: 'SessionPrefsCiDeploy', createOidcProvider: true },
  },
  /** Tags this project adds to every resource. */
  tags: { ManagedBy: 'session-manager-preferences' },
  /** customDocuments[]: a shell unless the entry names another session type; commands run as the session user. */
  customDocument: { type: 'Standard_Stream', runAsElevated: false },
  /** IAM access: both policies created as managed policies, SSH and port forwarding denied, no role unless asked. */
  access: {
    policyNamePrefix: 'SessionManager',
    ssh: 'deny',
    portForwarding: 'deny',
    instance: {
      createPolicy: true,
      createRole: false,
      roleName: 'SessionManagerInstance',
      attachManagedInstanceCore: false,
      /** AWS's name for the DHMC role (Systems Manager console, Quick Setup). */
      defaultHostManagementRoleName: 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
      setDefaultHostManagementServiceSetting: false,
    },
    user: { createPolicy: true },
  },
  /** Compliance thresholds: the rules' own defaults (src/compliance/rule.ts says why these values; docs/compliance.md, Configuration). */
  compliance: DEFAULT_RULE_SETTINGS,
} as const;
