/**
 * The resources the stacks would create, as preflight checks them. stacks/expected-resources.ts
 * lists them from the built stacks; the entry point (scripts/preflight.ts) passes that function
 * in, so this library never builds the app itself.
 */
import type { AdoptableResource } from '../model/model';

/** Kinds of named resources the preflight looks for. */
export type ExpectedKind = 'document' | 'kmsAlias' | 'parameter' | 'logGroup' | 'bucket' | 'serviceSetting' | 'iamPolicy' | 'iamRole' | 'instanceProfile' | 'lambdaFunction';

/** The configuration switch that imports a resource: adoptExisting (the preferences document) or an adoptResources entry. */
export type AdoptSwitch = 'adoptExisting' | AdoptableResource;

/** One resource the stacks would create. */
export interface ExpectedResource {
  readonly kind: ExpectedKind;
  /** The name AWS knows it by (document, alias, parameter, log group, bucket name, setting ID, IAM name). */
  readonly name: string;
  readonly accountId: string;
  /** Region of its provider (the home Region for the account-wide stack). */
  readonly region: string;
  /** IAM is global: checked once per account. */
  readonly global: boolean;
  readonly stack: string;
  /** Terraform address in its stack. */
  readonly address: string;
  /** An import block adopts it. */
  readonly imported: boolean;
  /** Which switch adopts it, when the project can adopt it. */
  readonly adoptSwitch?: AdoptSwitch;
  /** The configuration field its name comes from (resource plan), when the configuration names it. */
  readonly namePath?: string;
  /** The preferences document (as opposed to a custom one). */
  readonly preferencesDocument?: boolean;
  /** Settings the stack gives it (log group retention, IAM path, ...). */
  readonly settings: Readonly<Record<string, unknown>>;
}
