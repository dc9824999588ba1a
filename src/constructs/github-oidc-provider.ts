import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';

export interface GithubOidcProviderProps {
  /** Provider of the CI account. */
  readonly provider: TerraformProvider;
  /** The issuer's host (token.actions.githubusercontent.com). */
  readonly host: string;
  /** The audience GitHub's tokens carry (sts.amazonaws.com). */
  readonly audience: string;
  /** Thumbprints of the issuer's certificate chain (IAM ignores them for GitHub; older tooling requires them). */
  readonly thumbprints: readonly string[];
}

/** GitHub's OIDC identity provider in the CI account, which the CI roles trust (as in ci-roles.json). */
export class GithubOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps) {
    super(scope, id);
    this.provider = new IamOpenidConnectProvider(this, 'provider', {
      provider: props.provider,
      url: `https://${props.host}`,
      clientIdList: [props.audience],
      thumbprintList: [...props.thumbprints],
    });
  }
}
