import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';

export interface ContentRevisionProps {
  /** The configured content: its input, and a replacement (a new ID) whenever it changes. */
  readonly content: string;
}

/**
 * A `terraform_data` resource (built into Terraform >= 1.4, no provider) holding `content`, replaced
 * whenever the content changes. cdktf's own `DataResource` runs `terraform version` in a child
 * process for every instance when the app synthesizes (a version check per construct): with two
 * documents per Region that was about 1,700 processes and 10 minutes for 50 accounts × 17 Regions.
 * This class synthesizes the same block without that check; the stacks need Terraform >= 1.5 anyway
 * (import and removed blocks; README.md, Two commands).
 */
export class ContentRevision extends TerraformResource {
  private readonly content: string;

  constructor(scope: Construct, id: string, props: ContentRevisionProps) {
    super(scope, id, { terraformResourceType: 'terraform_data', terraformGeneratorMetadata: { providerName: 'terraform' } });
    this.content = props.content;
  }

  /** The revision: a new random ID whenever the content changes (known after apply). */
  get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: { content: this.content }, triggers_replace: { content: this.content } };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      input: { value: { content: this.content }, isBlock: false, type: 'map', storageClassType: 'anyMap' },
      triggers_replace: { value: { content: this.content }, isBlock: false, type: 'map', storageClassType: 'anyMap' },
    };
  }
}
