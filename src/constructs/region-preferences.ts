import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { PREFERENCES_DOCUMENT_NAME, type RegionModel } from '../model/model';
import { buildSessionDocument, type SessionDocumentRefs } from '../documents/build-session-document';
import { buildCustomDocument } from '../documents/build-custom-document';
import { createdBucketName, logGroupArn } from '../policies/arns';
import { PUBLIC_SHARING_SETTING } from '../model/service-settings';
import { LogEncryptionKey } from './log-encryption-key';
import { ServiceSetting } from './service-setting';
import { PreferencesUpdater } from './preferences-updater';
import { updaterLogGroupName } from '../model/resource-names';
import { removedBlocks, type RemovedBlock } from './removed';
import { SessionDataKey } from './session-data-key';
import { SessionDocument } from './session-document';
import { SessionLogBucket } from './session-log-bucket';
import { SessionLogGroup } from './session-log-group';

export interface RegionPreferencesProps {
  /** Provider alias of this Region. */
  readonly provider: TerraformProvider;
  /** Account the Region belongs to. */
  readonly accountId: string;
  /** What this Region gets. */
  readonly region: RegionModel;
  /** Directory of the bundled updater Lambda; required when the Region's documentManagement is lambda. */
  readonly lambdaBundleDir?: string;
}

/**
 * Session Manager preferences of one Region of one account: the preferences document, custom
 * Session documents, and the keys, log group and bucket they reference.
 */
export class RegionPreferences extends Construct {
  readonly sessionKey?: SessionDataKey;
  readonly logsKey?: LogEncryptionKey;
  readonly logGroup?: SessionLogGroup;
  readonly bucket?: SessionLogBucket;
  /** The preferences document, when Terraform manages it (documentManagement terraform). */
  readonly preferencesDocument?: SessionDocument;
  /** The updater Lambda, when it manages the preferences document (documentManagement lambda). */
  readonly updater?: PreferencesUpdater;
  /** Resources the stack must forget rather than destroy (the aws_ssm_document handed over to the updater). */
  readonly handedOver: readonly RemovedBlock[];
  readonly customDocuments: readonly SessionDocument[];

  constructor(scope: Construct, id: string, props: RegionPreferencesProps) {
    super(scope, id);
    const { provider, accountId } = props;
    const { region, partition, preferences } = props.region;
    const adopt = new Set(props.region.adoptResources);
    new ServiceSetting(this, 'document-sharing-block', { provider, partition, region, accountId, settingId: PUBLIC_SHARING_SETTING, value: 'Disable' });

    if (preferences.sessionKey.mode === 'create') {
      this.sessionKey = new SessionDataKey(this, 'session-data-key', {
        provider,
        partition,
        accountId,
        alias: preferences.sessionKey.alias,
        adoptAlias: adopt.has('dataKeyAlias'),
        adoptKeyIdParameter: adopt.has('keyIdParameter'),
      });
    }

    const cw = preferences.cloudWatch;
    const createLogGroup = cw.enabled && cw.create;
    const createBucket = preferences.s3.enabled && preferences.s3.bucket.mode === 'create';
    const useLambda = props.region.documentManagement === 'lambda';
    const updaterGroupArn = logGroupArn(region, accountId, updaterLogGroupName());
    const encryptedGroupArns = [...(createLogGroup && cw.encrypted ? [logGroupArn(region, accountId, cw.logGroupName)] : []), ...(useLambda ? [updaterGroupArn] : [])];
    if (encryptedGroupArns.length > 0 || createBucket) {
      this.logsKey = new LogEncryptionKey(this, 'logs-key', { provider, partition, accountId, region, logGroupArns: encryptedGroupArns, adoptAlias: adopt.has('logsKeyAlias') });
    }
    if (createLogGroup) {
      this.logGroup = new SessionLogGroup(this, 'log-group', {
        provider,
        name: cw.logGroupName,
        retentionDays: cw.retentionDays,
        adoptExisting: adopt.has('logGroup'),
        ...(cw.encrypted && this.logsKey ? { kmsKeyArn: this.logsKey.key.arn } : {}),
      });
    }
    if (preferences.s3.enabled && preferences.s3.bucket.mode === 'create' && this.logsKey) {
      this.bucket = new SessionLogBucket(this, 'log-bucket', {
        provider,
        partition,
        bucketName: createdBucketName(preferences.s3.bucket.namePrefix, accountId, region),
        kmsKeyArn: this.logsKey.key.arn,
        expirationDays: preferences.s3.expirationDays,
        noncurrentVersionExpirationDays: preferences.s3.noncurrentVersionExpirationDays,
        adoptExisting: adopt.has('bucket'),
      });
    }

    const refs: SessionDocumentRefs = {
      ...(this.sessionKey ? { createdKeyId: this.sessionKey.key.keyId } : {}),
      ...(this.bucket ? { createdBucketName: this.bucket.bucket.bucket } : {}),
    };
    const content = buildSessionDocument(preferences, refs);
    // Documents name the log group and bucket by name: make them wait until those are ready.
    const dependsOn = [...(this.logGroup ? [this.logGroup.logGroup] : []), ...(this.bucket ? this.bucket.ready : [])];
    if (useLambda) {
      if (props.lambdaBundleDir === undefined || this.logsKey === undefined) {
        throw new Error(`RegionPreferences ${region}: documentManagement lambda needs lambdaBundleDir`);
      }
      // Terraform may have managed the document before (documentManagement terraform): hand it over
      // to the updater by forgetting it, never by deleting it while the updater upserts it.
      const previous = new SessionDocument(this, 'preferences-document', { provider, name: PREFERENCES_DOCUMENT_NAME, content, adoptExisting: false });
      this.handedOver = removedBlocks(previous);
      this.node.tryRemoveChild('preferences-document');
      this.updater = new PreferencesUpdater(this, 'preferences-updater', {
        provider,
        accountId,
        region,
        bundleDir: props.lambdaBundleDir,
        documentName: PREFERENCES_DOCUMENT_NAME,
        content,
        logsKeyArn: this.logsKey.key.arn,
        logGroupArn: updaterGroupArn,
        dependsOn,
      });
    } else {
      this.handedOver = [];
      this.preferencesDocument = new SessionDocument(this, 'preferences-document', {
        provider,
        name: PREFERENCES_DOCUMENT_NAME,
        content,
        adoptExisting: props.region.adoptExisting,
        dependsOn,
      });
    }
    this.customDocuments = props.region.customDocuments.map(
      (doc) =>
        new SessionDocument(this, `custom-document-${doc.name}`, {
          provider,
          name: doc.name,
          content: buildCustomDocument(doc, refs),
          adoptExisting: false,
          dependsOn,
        }),
    );
  }
}
