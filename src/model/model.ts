import type { BootstrapModel } from './model-bootstrap';
import type { LogArchiveModel } from './model-log-archive';

/**
 * The validated model: plain data with every default filled in. Everything downstream
 * (document and policy builders, constructs, stacks) reads only this.
 */

/** Session data encryption of one document in one Region. */
export type SessionKeyModel = { readonly mode: 'none' } | { readonly mode: 'create'; readonly alias: string } | { readonly mode: 'existing'; readonly keyId: string };

/** CloudWatch Logs settings of one document. */
export type CloudWatchModel =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly logGroupName: string;
      readonly create: boolean;
      readonly retentionDays: number;
      readonly encrypted: boolean;
      readonly streaming: boolean;
    };

/** S3 logging settings of one document; a created bucket's name is known only per account and Region. */
export type S3Model =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly bucket:
        | { readonly mode: 'create'; readonly namePrefix: string }
        | { readonly mode: 'existing'; readonly name: string }
        /** The bucket of the central log archive (logArchive) for this Region; keyPrefix ends with the member's account ID. */
        | { readonly mode: 'archive'; readonly name: string; readonly accountId: string; readonly region: string };
      readonly keyPrefix: string;
      readonly encrypted: boolean;
      readonly expirationDays: number;
      readonly noncurrentVersionExpirationDays: number;
    };

/** Preferences of one Session document in one Region. */
export interface PreferencesModel {
  readonly idleSessionTimeout: number;
  readonly maxSessionDuration?: number;
  readonly runAs: { readonly enabled: boolean; readonly defaultUser: string };
  readonly shellProfile: { readonly linux: string; readonly windows: string };
  readonly sessionKey: SessionKeyModel;
  readonly cloudWatch: CloudWatchModel;
  readonly s3: S3Model;
}

/** A value of a Session document chosen by AWS's rules: fixed in the document, or a parameter limited to a list or a pattern. */
export type SessionValueModel =
  | { readonly kind: 'fixed'; readonly value: string }
  | { readonly kind: 'allowedValues'; readonly values: readonly string[] }
  | { readonly kind: 'allowedPattern'; readonly pattern: string };

/** A parameter of a command document: a String the user passes, limited by allowedValues or allowedPattern. */
export interface CommandParameterModel {
  readonly name: string;
  readonly description: string;
  readonly rule: Exclude<SessionValueModel, { readonly kind: 'fixed' }>;
  readonly default?: string;
}

/** Platforms the command Session document types run commands on (properties.linux/windows/macos). */
export const COMMAND_PLATFORMS = ['linux', 'windows', 'macos'] as const;
export type CommandPlatform = (typeof COMMAND_PLATFORMS)[number];

/** The Session document types (sessionType) this project generates. */
export const SESSION_TYPES = ['Standard_Stream', 'Port', 'InteractiveCommands', 'NonInteractiveCommands'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** What a custom Session document starts: a shell, a port forwarding session, or commands. */
export type SessionKindModel =
  | { readonly type: 'Standard_Stream' }
  | {
      readonly type: 'Port';
      /** Port on the node (or the remote host) traffic is forwarded to. */
      readonly portNumber: SessionValueModel;
      /** Remote host the node forwards to; absent means the node itself. */
      readonly host?: SessionValueModel;
      /** Port on the user's machine; absent means any (the plugin picks a free one when none is given). */
      readonly localPortNumber?: SessionValueModel;
    }
  | {
      readonly type: 'InteractiveCommands' | 'NonInteractiveCommands';
      /** The command of each platform the document supports. */
      readonly commands: Readonly<Partial<Record<CommandPlatform, string>>>;
      readonly runAsElevated: boolean;
      readonly parameters: readonly CommandParameterModel[];
    };

/** A custom Session document: its own name, preferences merged over the base ones. */
export interface CustomDocumentModel {
  readonly name: string;
  readonly description?: string;
  readonly preferences: PreferencesModel;
  /** The session type and its fields (Standard_Stream when the configuration names none). */
  readonly session: SessionKindModel;
}

/** A resource besides the preferences document that can be adopted (imported) where it already exists. */
export type AdoptableResource = 'dataKeyAlias' | 'keyIdParameter' | 'logsKeyAlias' | 'logGroup' | 'bucket';

/** Everything one Region of one account gets. */
export interface RegionModel {
  readonly region: string;
  readonly partition: 'aws' | 'aws-us-gov' | 'aws-cn';
  /** No longer managed: the provider alias stays, data resources are forgotten (removed blocks), the rest destroyed. */
  readonly retired: boolean;
  /** Import an existing SSM-SessionManagerRunShell instead of creating it (terraform management). */
  readonly adoptExisting: boolean;
  /** Existing resources of the expected name imported instead of created (adoptResources). */
  readonly adoptResources: readonly AdoptableResource[];
  /** terraform: aws_ssm_document; lambda: the updater Lambda upserts the document and restores it on destroy. */
  readonly documentManagement: 'terraform' | 'lambda';
  readonly preferences: PreferencesModel;
  readonly customDocuments: readonly CustomDocumentModel[];
}

/** One account of the organization. */
export interface AccountModel {
  readonly id: string;
  readonly name: string;
  /** Role Terraform assumes; absent means the caller's own credentials. */
  readonly assumeRoleArn?: string;
  /** Region of the provider of the account-wide stack. */
  readonly homeRegion: string;
  /** Every Region with a provider alias: the active ones, then the retired ones. */
  readonly regions: readonly RegionModel[];
  /** The Regions this account manages (not retired), in configuration order. */
  readonly activeRegions: readonly RegionModel[];
  /** Retired Regions: their data resources are forgotten, the rest destroyed. */
  readonly retiredRegions: readonly RegionModel[];
  /** Account group (accountGroups) whose overrides apply, if any. */
  readonly group?: string;
  /** This account's effective access: its group's when the group overrides `access`, else Model.access. */
  readonly access: AccessModel;
  /** The configuration field the access comes from: `access` or `accountGroups.<group>.access`. */
  readonly accessPath: string;
}

/** Where state lives. */
export type BackendModel =
  | { readonly type: 'local' }
  | {
      readonly type: 'cloud';
      readonly organization: string;
      readonly project?: string;
      readonly hostname: string;
      readonly workspacePrefix: string;
    };

/** The whole validated configuration. */
export interface Model {
  readonly tags: Readonly<Record<string, string>>;
  readonly accounts: readonly AccountModel[];
  /** Regions per stack group. */
  readonly shardSize: number;
  readonly backend: BackendModel;
  /** IAM policies for instances and people, the same for every account. */
  readonly access: AccessModel;
  /** Thresholds and suppressions of the compliance rules checked at synth. */
  readonly compliance: ComplianceModel;
  /** The central log archive, when configured (its own stacks). */
  readonly logArchive?: LogArchiveModel;
  /** The bootstrap roles (npm run bootstrap). */
  readonly bootstrap: BootstrapModel;
}

/** A finding accepted on purpose: one rule, in a stack and/or under a construct path, with a reason. */
export interface SuppressionModel {
  readonly rule: string;
  /** Stack name; `*` matches any characters. */
  readonly stack?: string;
  /** Construct path or path prefix; `*` matches any characters. */
  readonly resource?: string;
  readonly reason: string;
}

/** The compliance rules' settings (src/compliance). */
export interface ComplianceModel {
  readonly maxIdleSessionTimeout: number;
  readonly minLogRetentionDays: number;
  readonly suppressions: readonly SuppressionModel[];
}

/** The instance side of `access`: the managed policy SSM Agent needs, and where it goes. */
export interface InstanceAccessModel {
  readonly createPolicy: boolean;
  /** An EC2 role and instance profile carrying the policy, when asked for. */
  readonly role: { readonly create: false } | { readonly create: true; readonly name: string; readonly attachManagedInstanceCore: boolean };
  /** Existing roles (names) the policy is attached to. */
  readonly attachToRoles: readonly string[];
  /** KMS keys of existing SSE-KMS log buckets (key ARN, key ID, alias name or alias ARN). */
  readonly bucketKmsKeys: readonly string[];
  /** Default Host Management Configuration role (and optionally its per-Region service setting). */
  readonly defaultHostManagement: { readonly createRole: false } | { readonly createRole: true; readonly roleName: string; readonly setServiceSetting: boolean };
}

/** The people side of `access`: the managed policy for session users, and where it goes. */
export interface UserAccessModel {
  readonly createPolicy: boolean;
  /** Only instances with this tag may be reached; absent means every instance. */
  readonly targetTag?: { readonly key: string; readonly value: string };
  /** Session documents the policy grants; absent means all of them. */
  readonly documents?: readonly string[];
  readonly attachToGroups: readonly string[];
  readonly attachToRoles: readonly string[];
  readonly attachToUsers: readonly string[];
}

/** A further user policy for selected Session documents (`<prefix><name>Access`). */
export interface DocumentPolicyModel {
  readonly name: string;
  readonly documents: readonly string[];
  readonly targetTag?: { readonly key: string; readonly value: string };
  readonly attachToGroups: readonly string[];
  readonly attachToRoles: readonly string[];
  readonly attachToUsers: readonly string[];
}

/** allow: AWS's own documents granted; deny: explicitly denied; restricted: denied, and only this configuration's Port documents granted, by name. */
export type AccessMode = 'allow' | 'deny' | 'restricted';

/** IAM access for Session Manager, account-wide (it covers every Region of an account). */
export interface AccessModel {
  /** Managed policies are named <prefix>InstanceAccess and <prefix>UserAccess. */
  readonly policyNamePrefix: string;
  /** SSH through Session Manager (AWS-StartSSHSession); restricted: denied, custom Port documents only. */
  readonly ssh: AccessMode;
  /** Port forwarding (AWS-StartPortForwardingSession*), which Session Manager does not log; restricted: denied, custom Port documents only. */
  readonly portForwarding: AccessMode;
  readonly instance: InstanceAccessModel;
  readonly user: UserAccessModel;
  /** Further user policies, each for selected Session documents. */
  readonly documentPolicies: readonly DocumentPolicyModel[];
}

/** Name of the preferences document Session Manager reads. */
export const PREFERENCES_DOCUMENT_NAME = 'SSM-SessionManagerRunShell';
