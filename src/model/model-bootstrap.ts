/** The validated `bootstrap` section (see src/config/schema-bootstrap.ts): plain data, every default filled in. */

/** The CI account's OIDC provider and roles. */
export interface CiModel {
  readonly accountId: string;
  /** GitHub `owner/name`. */
  readonly repository: string;
  readonly productionEnvironment: string;
  readonly planRoleName: string;
  readonly deployRoleName: string;
  readonly createOidcProvider: boolean;
}

/** The roles every account gets, and who may assume them. */
export interface BootstrapModel {
  readonly deployerRoleName: string;
  readonly planRoleName: string;
  readonly readRoleName: string;
  readonly organizationalUnits: readonly string[];
  readonly trustedPrincipals: readonly string[];
  readonly ci?: CiModel;
}
