import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { PROTECT } from './protect';

export interface SessionLogGroupProps {
  /** Provider alias of the Region the log group lives in. */
  readonly provider: TerraformProvider;
  /** Name of the log group. */
  readonly name: string;
  /** Days to keep log events (0 = never expire). */
  readonly retentionDays: number;
  /** ARN of the KMS key that encrypts the group; absent leaves it encrypted with AWS owned keys. */
  readonly kmsKeyArn?: string;
  /** Import an existing log group of this name (it then takes the configured retention and key; its events stay). */
  readonly adoptExisting?: boolean;
}

/** The CloudWatch log group that receives session logs; kept when removed from configuration. */
export class SessionLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: SessionLogGroupProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider: props.provider,
      name: props.name,
      retentionInDays: props.retentionDays,
      ...(props.kmsKeyArn !== undefined ? { kmsKeyId: props.kmsKeyArn } : {}),
      // Removing the group from configuration forgets it instead of deleting its logs.
      skipDestroy: true,
      lifecycle: PROTECT,
    });
    if (props.adoptExisting) this.logGroup.importFrom(props.name, props.provider);
  }
}
