import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { renderSessionDocument, withRevision } from '../documents/build-session-document';
import type { AnySessionDocumentContent } from '../documents/build-custom-document';
import { ContentRevision } from './content-revision';
import { terraformLiteral } from './terraform-literal';

export interface SessionDocumentProps {
  /** Provider alias of the Region the document lives in. */
  readonly provider: TerraformProvider;
  /** Document name (SSM-SessionManagerRunShell or a custom name). */
  readonly name: string;
  /** Content built by buildSessionDocument or buildCustomDocument. */
  readonly content: AnySessionDocumentContent;
  /** Import an already existing document with this name instead of creating it. */
  readonly adoptExisting: boolean;
  /** Resources the document names, so sessions never start before they are ready. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Terraform condition that the document holds the configured content: the inputs of a
 * Standard_Stream document (its description carries the revision); the session type, parameters,
 * properties (what they grant) and inputs of the other session types.
 */
function heldContent(content: AnySessionDocumentContent, revisionFqn: string): string {
  if (content.sessionType === 'Standard_Stream') return `jsondecode(self.content).inputs == jsondecode(${revisionFqn}.output.content).inputs`;
  const fields = ['sessionType', 'parameters', 'properties', ...('inputs' in content ? ['inputs'] : [])];
  return fields.map((f) => `jsondecode(self.content).${f} == jsondecode(${revisionFqn}.output.content).${f}`).join(' && ');
}

/** Where docs/emulator.md explains going back to earlier preferences. */
export const GOING_BACK_DOC = 'docs/preferences-document.md#going-back-to-earlier-preferences';

/**
 * One Session document (`aws_ssm_document`, documentType Session, JSON).
 *
 * SSM refuses a new version whose content equals ANY earlier version (DuplicateDocumentContent),
 * and the AWS provider then reports success while the document keeps the later content. So the
 * content carries a revision (a `terraform_data` ID, new whenever the configured content changes)
 * in its description: going back to earlier preferences is a new, distinct version. A
 * postcondition fails the apply (and later plans) whenever the default version is not the latest
 * or does not hold the configured preferences.
 */
export class SessionDocument extends Construct {
  readonly document: SsmDocument;
  /** Replaced (new random ID) whenever the configured content changes. */
  readonly revision: ContentRevision;

  constructor(scope: Construct, id: string, props: SessionDocumentProps) {
    super(scope, id);
    const configured = terraformLiteral(renderSessionDocument(props.content));
    this.revision = new ContentRevision(this, 'revision', { content: configured });
    this.document = new SsmDocument(this, 'document', {
      provider: props.provider,
      name: props.name,
      documentType: 'Session',
      documentFormat: 'JSON',
      content: terraformLiteral(renderSessionDocument(withRevision(props.content, this.revision.id))),
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: props.dependsOn } : {}),
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.default_version == self.latest_version && ${heldContent(props.content, this.revision.fqn)}}`,
            errorMessage:
              `The default version of SSM document ${props.name} is not its latest version, or does not hold the configured preferences, ` +
              `so sessions do not use them. Make the latest version the default (aws ssm update-document-default-version --name ${props.name} ` +
              `--document-version <latest version>) or change the preferences, then apply again; see ${GOING_BACK_DOC}.`,
          },
        ],
      },
    });
    if (props.adoptExisting) this.document.importFrom(props.name, props.provider);
  }
}
