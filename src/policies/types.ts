/** IAM, KMS key and S3 bucket policy documents, typed. */

export type OneOrMany<T> = T | readonly T[];

/** Principal block of a resource-based policy. */
export type Principal = '*' | { readonly AWS?: OneOrMany<string>; readonly Service?: OneOrMany<string> };

/** One policy statement. */
export interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  readonly Action: OneOrMany<string>;
  readonly Resource: OneOrMany<string>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany<string>>>>>;
}

/** A whole policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

/** A role trust policy statement: no Resource element (IAM rejects one; the role is the resource). */
export interface TrustStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: { readonly Service: string };
  readonly Action: 'sts:AssumeRole';
  readonly Condition?: Statement['Condition'];
}

/** A role trust policy, typed apart from PolicyDocument because of its missing Resource. */
export interface TrustPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly TrustStatement[];
}

/** Wraps statements in a policy document. */
export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The JSON text given to Terraform `policy` arguments. */
export function renderPolicy(doc: PolicyDocument | TrustPolicyDocument): string {
  return JSON.stringify(doc, null, 2);
}
