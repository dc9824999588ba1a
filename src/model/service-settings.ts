/**
 * The SSM service settings this project sets, by setting ID (the part of the ARN after
 * `servicesetting`), and how their ARNs and values are written.
 */

/** Allows (Enable) or blocks (Disable) public sharing of SSM documents in one Region (Security Hub SSM.7). */
export const PUBLIC_SHARING_SETTING = '/ssm/documents/console/public-sharing-permission';

/** Names the role of Default Host Management Configuration (DHMC) in one Region. */
export const DHMC_SETTING = '/ssm/managed-instance/default-ec2-instance-management-role';

/** The DHMC service setting, as the last part of its ARN. */
export const DHMC_SETTING_PATH = `servicesetting${DHMC_SETTING}`;

/** IAM path of the DHMC role (AWS's console creates it under service-role/). */
export const DHMC_ROLE_PATH = '/service-role/';

/** ARN of one service setting of one account in one Region. */
export function serviceSettingArn(partition: string, region: string, accountId: string, settingId: string): string {
  return `arn:${partition}:ssm:${region}:${accountId}:servicesetting${settingId}`;
}

/** Value of the DHMC service setting for a role under DHMC_ROLE_PATH: `service-role/<name>`. */
export function dhmcSettingValue(roleName: string): string {
  return `${DHMC_ROLE_PATH.slice(1)}${roleName}`;
}
