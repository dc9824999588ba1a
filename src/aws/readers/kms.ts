/** Readers of KMS: a key (by ID, ARN or alias) and its tags (src/aws/readers/read.ts for errors). */
import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListResourceTagsCommand, type KeyMetadata, type KMSClient } from '@aws-sdk/client-kms';
import { tagRecord, type ReadContext, type Tags } from './read';

type Kms = Pick<KMSClient, 'send'>;

/** A key as DescribeKey describes it, and its rotation when asked for. */
export interface KeyRead {
  /** Absent when DescribeKey answered without it. */
  readonly metadata?: KeyMetadata;
  /** Absent when not asked for, the key is pending deletion, or the status could not be read. */
  readonly rotationEnabled?: boolean;
}

/** DescribeKey of `ref` (an alias resolves to its target), and GetKeyRotationStatus when `rotation` (not for a key pending deletion). */
export async function readKey(kms: Kms, ref: string, ctx: ReadContext, rotation = false): Promise<KeyRead | null | undefined> {
  const described = await ctx.read('kms:DescribeKey', ref, () => kms.send(new DescribeKeyCommand({ KeyId: ref })));
  if (!described) return described;
  const metadata = described.KeyMetadata;
  let rotationEnabled: boolean | undefined;
  // A key pending deletion or disabled still answers GetKeyRotationStatus; only ask for the keys this project creates.
  if (rotation && metadata?.KeyState !== 'PendingDeletion') {
    const status = await ctx.read('kms:GetKeyRotationStatus', ref, () => kms.send(new GetKeyRotationStatusCommand({ KeyId: metadata?.KeyId ?? ref })));
    if (status) rotationEnabled = status.KeyRotationEnabled === true;
  }
  return { ...(metadata ? { metadata } : {}), ...(rotationEnabled !== undefined ? { rotationEnabled } : {}) };
}

/** The tags of a key (an alias has none). */
export async function readKeyTags(kms: Kms, keyId: string, ctx: ReadContext): Promise<Tags | null | undefined> {
  const got = await ctx.read('kms:ListResourceTags', keyId, () => kms.send(new ListResourceTagsCommand({ KeyId: keyId })));
  return got ? tagRecord(got.Tags) : got;
}
