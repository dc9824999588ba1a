/** Resolves the `bootstrap` section: the role names (the deployer's defaults to assumeRoleName) and the CI account. */
import { DEFAULTS } from './defaults';
import type { ConfigInput } from './schema';
import type { BootstrapModel } from '../model/model-bootstrap';

/** The bootstrap model, defaults filled in. */
export function resolveBootstrap(config: ConfigInput): BootstrapModel {
  const input = config.bootstrap ?? {};
  const d = DEFAULTS.bootstrap;
  const ci = input.ci;
  return {
    deployerRoleName: input.deployerRoleName ?? config.assumeRoleName ?? d.deployerRoleName,
    planRoleName: input.planRoleName ?? d.planRoleName,
    readRoleName: input.readRoleName ?? d.readRoleName,
    organizationalUnits: input.organizationalUnits ?? [],
    trustedPrincipals: input.trustedPrincipals ?? [],
    ...(ci
      ? {
          ci: {
            accountId: ci.accountId,
            repository: ci.repository,
            productionEnvironment: ci.productionEnvironment ?? d.ci.productionEnvironment,
            planRoleName: ci.planRoleName ?? d.ci.planRoleName,
            deployRoleName: ci.deployRoleName ?? d.ci.deployRoleName,
            createOidcProvider: ci.createOidcProvider ?? d.ci.createOidcProvider,
          },
        }
      : {}),
  };
}
