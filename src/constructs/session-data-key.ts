import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { sessionKeyPolicy } from '../policies/kms';
import { protectedKeyConfig } from './protect';

import { KEY_ID_PARAMETER_NAME } from '../model/resource-names';

export interface SessionDataKeyProps {
  /** Provider alias of the Region the key lives in. */
  readonly provider: TerraformProvider;
  /** ARN partition of the account. */
  readonly partition: string;
  /** Account that owns and administers the key. */
  readonly accountId: string;
  /** Alias given to the key, such as alias/session-manager/data. */
  readonly alias: string;
  /** The key's description (the resource plan's, which drift recognises the key by). */
  readonly description: string;
  /** Import an existing alias of this name (it is then re-pointed at the created key). */
  readonly adoptAlias?: boolean;
  /** Import an existing key-ID parameter (its value is then overwritten with the created key's ID). */
  readonly adoptKeyIdParameter?: boolean;
}

/** A rotating customer managed key that encrypts session data, its alias, and an SSM parameter with its ID. */
export class SessionDataKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly keyIdParameter: SsmParameter;

  constructor(scope: Construct, id: string, props: SessionDataKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', protectedKeyConfig(props.provider, props.description, sessionKeyPolicy(props.partition, props.accountId)));
    this.alias = new KmsAlias(this, 'alias', { provider: props.provider, name: props.alias, targetKeyId: this.key.keyId });
    this.keyIdParameter = new SsmParameter(this, 'key-id-parameter', {
      provider: props.provider,
      name: KEY_ID_PARAMETER_NAME,
      description: 'ID of the KMS key that encrypts Session Manager session data',
      type: 'String',
      value: this.key.keyId,
    });
    if (props.adoptAlias) this.alias.importFrom(props.alias, props.provider);
    if (props.adoptKeyIdParameter) this.keyIdParameter.importFrom(KEY_ID_PARAMETER_NAME, props.provider);
  }
}
