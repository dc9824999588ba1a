import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { renderSessionDocument, type SessionDocumentContent } from '../documents/session-document';
import { terraformLiteral } from './terraform-literal';

export interface SessionDocumentProps {
  /** Provider alias of the Region the document lives in. */
  readonly provider: TerraformProvider;
  /** Document name (SSM-SessionManagerRunShell or a custom name). */
  readonly name: string;
  /** Content built by buildSessionDocument. */
  readonly content: SessionDocumentContent;
  /** Import an already existing document with this name instead of creating it. */
  readonly adoptExisting: boolean;
  /** Resources the document names, so sessions never start before they are ready. */
  readonly dependsOn?: ITerraformDependable[];
}

/** One Session document (`aws_ssm_document`, documentType Session, JSON). */
export class SessionDocument extends Construct {
  readonly document: SsmDocument;

  constructor(scope: Construct, id: string, props: SessionDocumentProps) {
    super(scope, id);
    this.document = new SsmDocument(this, 'document', {
      provider: props.provider,
      name: props.name,
      documentType: 'Session',
      documentFormat: 'JSON',
      content: terraformLiteral(renderSessionDocument(props.content)),
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: props.dependsOn } : {}),
    });
    if (props.adoptExisting) this.document.importFrom(props.name, props.provider);
  }
}
