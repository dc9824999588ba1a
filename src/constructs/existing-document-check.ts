import { Construct } from 'constructs';
import { TerraformStack, type TerraformProvider } from 'cdktf';
import { REVISION_MARKER } from '../documents/session-document';

/** Where docs/preferences-document.md explains adopting an existing document. */
export const ADOPT_DOC = 'docs/preferences-document.md#a-region-where-the-document-already-exists';

export interface ExistingDocumentCheckProps {
  /** Provider alias of the Region. */
  readonly provider: TerraformProvider;
  /** Account the Region belongs to. */
  readonly accountId: string;
  /** The Region. */
  readonly region: string;
  /** Name of the document Terraform creates (SSM-SessionManagerRunShell). */
  readonly documentName: string;
}

/** The message of a failed check: what to set, where, and how to finish the interrupted apply. */
export function existingDocumentMessage(props: Pick<ExistingDocumentCheckProps, 'accountId' | 'region' | 'documentName'>): string {
  const { accountId, region, documentName } = props;
  return (
    `SSM document ${documentName} already exists in account ${accountId}, Region ${region} (made in the console or by another tool), ` +
    `and the configuration does not adopt it: creating it fails with DocumentAlreadyExists. ` +
    `Set adoptExisting: true for this Region (in the account's regionSettings: { ${region}: { adoptExisting: true } }, ` +
    `or adoptExisting: true on the account or at the top level), synthesize and apply again: the import block takes the document over. ` +
    `Whatever an interrupted apply created is in the state and is kept; nothing needs to be deleted. See ${ADOPT_DOC}.`
  );
}

/**
 * A Terraform `check` block for a Region whose preferences document Terraform creates (no
 * adoptExisting): it reads the document, and when one exists that Terraform did not write (no
 * revision in its description: made in the console, by another tool, or by the updater Lambda), it
 * warns, naming adoptExisting, on every plan and before the apply fails with DocumentAlreadyExists.
 * Where the document does not exist yet, Terraform reports the failed read as a warning only.
 */
export class ExistingDocumentCheck extends Construct {
  constructor(scope: Construct, id: string, props: ExistingDocumentCheckProps) {
    super(scope, id);
    const region = props.region.replace(/-/g, '_');
    const name = `${region}_preferences_document_not_adopted`;
    // Scoped data sources share the module's namespace: one name per Region.
    const dataName = `existing_preferences_document_${region}`;
    const data = `data.aws_ssm_document.${dataName}`;
    TerraformStack.of(this).addOverride(`check.${name}`, {
      data: { aws_ssm_document: { [dataName]: { provider: props.provider.fqn, name: props.documentName, document_format: 'JSON' } } },
      assert: [
        {
          condition: `\${strcontains(try(jsondecode(${data}.content).description, ""), "${REVISION_MARKER}")}`,
          error_message: existingDocumentMessage(props),
        },
      ],
    });
  }
}
