import type { ElementView, Rule, StackView } from '../rule';
import { PUBLIC_SHARING_SETTING } from '../../model/service-settings';

/** The provider address a resource uses (`aws` when it names none). */
function providerOf(element: ElementView): string {
  return typeof element.config.provider === 'string' ? element.config.provider : 'aws';
}

function isSharingSetting(element: ElementView): boolean {
  const id = element.config.setting_id;
  return element.kind === 'resource' && element.type === 'aws_ssm_service_setting' && typeof id === 'string' && id.endsWith(PUBLIC_SHARING_SETTING);
}

/**
 * True when an AWS provider manages Systems Manager resources (documents, parameters, settings) of
 * the stack. Stacks without them (IAM, the central log archive's bucket and key) have no Session
 * Manager Region to protect, and must not own the setting: the member stack of that account and
 * Region owns it.
 */
function managesSsmResources(provider: ElementView, stack: StackView): boolean {
  return stack.elements.some((e) => e.kind === 'resource' && e.type.startsWith('aws_ssm_') && providerOf(e) === provider.address);
}

/**
 * Every Region the app manages also manages the Region-level "block public sharing" setting, and
 * the setting says Disable. Checked on each AWS provider alias that manages Regional resources
 * (missing setting) and on each public-sharing service setting (its value).
 */
export const blockPublicSharing: Rule = {
  id: 'SMP-SSM-5',
  description: 'Every Region with managed Systems Manager resources manages the block-public-sharing setting of SSM documents, set to Disable.',
  severity: 'error',
  controls: ['Security Hub SSM.7', 'AWS Config ssm-automation-block-public-sharing'],
  appliesTo: (element, { stack }) => (element.kind === 'provider' && element.type === 'aws' && managesSsmResources(element, stack)) || isSharingSetting(element),
  check(element, { stack }) {
    if (element.kind === 'provider') {
      const managed = stack.elements.some((e) => isSharingSetting(e) && providerOf(e) === element.address);
      return managed
        ? []
        : [
            `manages Systems Manager resources but not the ${PUBLIC_SHARING_SETTING} service setting: add aws_ssm_service_setting with setting_value Disable for provider ${element.address}`,
          ];
    }
    const value = element.config.setting_value;
    return value === 'Disable' ? [] : [`sets ${PUBLIC_SHARING_SETTING} to ${JSON.stringify(value)}: it must be "Disable" to block public sharing of SSM documents`];
  },
};
