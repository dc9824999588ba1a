import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { logsKeyPolicy } from '../policies/kms';
import { protectedKeyConfig } from './protect';

import { LOGS_KEY_ALIAS } from '../model/resource-names';

export interface LogEncryptionKeyProps {
  /** Provider alias of the Region the key lives in. */
  readonly provider: TerraformProvider;
  /** ARN partition of the account. */
  readonly partition: string;
  /** Account that owns and administers the key. */
  readonly accountId: string;
  /** Region of the key (selects the CloudWatch Logs service principal). */
  readonly region: string;
  /** ARNs of the only log groups CloudWatch Logs may use the key for. */
  /** The key's description (the resource plan's). */
  readonly description: string;
  readonly logGroupArns: readonly string[];
  /** Import an existing alias of this name (it is then re-pointed at the created key). */
  readonly adoptAlias?: boolean;
}

/** A rotating key for session logs at rest: the CloudWatch log group and the S3 bucket. */
export class LogEncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', protectedKeyConfig(props.provider, props.description, logsKeyPolicy(props)));
    this.alias = new KmsAlias(this, 'alias', { provider: props.provider, name: LOGS_KEY_ALIAS, targetKeyId: this.key.keyId });
    if (props.adoptAlias) this.alias.importFrom(LOGS_KEY_ALIAS, props.provider);
  }
}
