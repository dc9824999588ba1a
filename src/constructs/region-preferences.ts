import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { buildSessionDocument, type SessionDocumentRefs } from '../documents/build-session-document';
import { buildCustomDocument } from '../documents/build-custom-document';
import type { PlannedResource, RegionPlan } from '../plan/resource-plan';
import { LogEncryptionKey } from './log-encryption-key';
import { ServiceSetting } from './service-setting';
import { PreferencesUpdater } from '../updater/construct';
import { removedBlocks, type RemovedBlock } from './removed';
import { SessionDataKey } from './session-data-key';
import { SessionDocument } from './session-document';
import { SessionLogBucket } from './session-log-bucket';
import { SessionLogGroup } from './session-log-group';

export interface RegionPreferencesProps {
  /** Provider alias of this Region. */
  readonly provider: TerraformProvider;
  /** What this Region gets: its model and every resource's name, decided by the resource plan. */
  readonly plan: RegionPlan;
  /** Directory of the bundled updater Lambda; required when the Region's documentManagement is lambda. */
  readonly lambdaBundleDir?: string;
}

/**
 * Session Manager preferences of one Region of one account: the preferences document, custom
 * Session documents, and the keys, log group and bucket they reference, as the resource plan
 * (src/plan/resource-plan.ts) lists them.
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
    const { provider, plan } = props;
    const { accountId } = plan;
    const { region, partition, preferences } = plan.region;
    const adopted = (r: PlannedResource) => r.disposition === 'adopted';
    new ServiceSetting(this, 'document-sharing-block', { provider, partition, region, accountId, settingId: plan.sharingSetting.name, value: 'Disable' });

    if (plan.sessionKey) {
      this.sessionKey = new SessionDataKey(this, 'session-data-key', {
        provider,
        partition,
        accountId,
        alias: plan.sessionKey.alias.name,
        description: String(plan.sessionKey.key.attributes.description),
        adoptAlias: adopted(plan.sessionKey.alias),
        adoptKeyIdParameter: adopted(plan.sessionKey.keyIdParameter),
      });
    }
    if (plan.logsKey) {
      this.logsKey = new LogEncryptionKey(this, 'logs-key', {
        provider,
        partition,
        accountId,
        region,
        logGroupArns: plan.logsKey.logGroupArns,
        description: String(plan.logsKey.key.attributes.description),
        adoptAlias: adopted(plan.logsKey.alias),
      });
    }
    const cw = preferences.cloudWatch;
    if (plan.logGroup && cw.enabled) {
      this.logGroup = new SessionLogGroup(this, 'log-group', {
        provider,
        name: plan.logGroup.name,
        retentionDays: cw.retentionDays,
        adoptExisting: adopted(plan.logGroup),
        ...(cw.encrypted && this.logsKey ? { kmsKeyArn: this.logsKey.key.arn } : {}),
      });
    }
    if (plan.bucket && preferences.s3.enabled && this.logsKey) {
      this.bucket = new SessionLogBucket(this, 'log-bucket', {
        provider,
        partition,
        bucketName: plan.bucket.name,
        kmsKeyArn: this.logsKey.key.arn,
        expirationDays: preferences.s3.expirationDays,
        noncurrentVersionExpirationDays: preferences.s3.noncurrentVersionExpirationDays,
        adoptExisting: adopted(plan.bucket),
      });
    }

    const refs: SessionDocumentRefs = {
      ...(this.sessionKey ? { createdKeyId: this.sessionKey.key.keyId } : {}),
      ...(this.bucket ? { createdBucketName: this.bucket.bucket.bucket } : {}),
    };
    const preferencesDocument = plan.preferencesDocument.resource;
    const content = buildSessionDocument(preferences, refs);
    // Documents name the log group and bucket by name: make them wait until those are ready.
    const dependsOn = [...(this.logGroup ? [this.logGroup.logGroup] : []), ...(this.bucket ? this.bucket.ready : [])];
    if (plan.updater) {
      if (props.lambdaBundleDir === undefined || this.logsKey === undefined) {
        throw new Error(`RegionPreferences ${region}: documentManagement lambda needs lambdaBundleDir`);
      }
      // Terraform may have managed the document before (documentManagement terraform): hand it over
      // to the updater by forgetting it, never by deleting it while the updater upserts it.
      const previous = new SessionDocument(this, 'preferences-document', { provider, name: preferencesDocument.name, content, adoptExisting: false });
      this.handedOver = removedBlocks(previous);
      this.node.tryRemoveChild('preferences-document');
      this.updater = new PreferencesUpdater(this, 'preferences-updater', {
        provider,
        plan: plan.updater,
        bundleDir: props.lambdaBundleDir,
        document: preferencesDocument,
        content,
        logsKeyArn: this.logsKey.key.arn,
        dependsOn,
      });
    } else {
      this.handedOver = [];
      this.preferencesDocument = new SessionDocument(this, 'preferences-document', {
        provider,
        name: preferencesDocument.name,
        content,
        adoptExisting: adopted(preferencesDocument),
        dependsOn,
      });
    }
    this.customDocuments = plan.customDocuments.map(
      (doc) =>
        new SessionDocument(this, `custom-document-${doc.resource.name}`, {
          provider,
          name: doc.resource.name,
          content: buildCustomDocument(doc.custom!, refs),
          adoptExisting: false,
          dependsOn,
        }),
    );
  }
}
