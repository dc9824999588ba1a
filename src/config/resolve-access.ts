/**
 * Resolves the `access` section: fills in DEFAULTS.access and reports the rules that span several
 * fields (a setting that needs a policy that is not created, a name listed twice, ...).
 */
import { DEFAULTS } from './defaults';
import type { AccessInput } from './schema-access';
import type { AccessModel } from './model';

type Report = (path: string, message: string) => void;

/** Reports names listed twice; IAM names are unique regardless of case, so `Ops` and `ops` clash. */
function reportDuplicates(names: readonly string[], path: string, report: Report): void {
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    const at = first.get(key);
    if (at === undefined) first.set(key, i);
    else report(`${path}[${i}]`, `duplicates ${path}[${at}] (${names[at]}): IAM names are not case-sensitive`);
  });
}

/** The access model, with every default filled in; problems go to `report`. */
export function resolveAccess(input: AccessInput | undefined, report: Report): AccessModel {
  const d = DEFAULTS.access;
  const i = input?.instance;
  const u = input?.user;

  const instancePolicy = i?.createPolicy ?? d.instance.createPolicy;
  const createRole = i?.createRole ?? d.instance.createRole;
  const roleName = i?.roleName ?? d.instance.roleName;
  const needsInstancePolicy = (field: string, what: string) =>
    report(`access.instance.${field}`, `${what} needs access.instance.createPolicy: true (no instance policy is created)`);
  if (!instancePolicy) {
    if (createRole) needsInstancePolicy('createRole', 'a created role carries the instance policy, so it');
    if ((i?.attachToRoles ?? []).length > 0) needsInstancePolicy('attachToRoles', 'attaching the instance policy');
    if ((i?.bucketKmsKeys ?? []).length > 0) needsInstancePolicy('bucketKmsKeys', 'granting bucket keys in the instance policy');
  }
  if (!createRole) {
    if (i?.roleName !== undefined) report('access.instance.roleName', 'is used only with access.instance.createRole: true');
    if (i?.attachManagedInstanceCore === true) {
      report('access.instance.attachManagedInstanceCore', 'applies only to the role created with access.instance.createRole: true');
    }
  }
  const attachToRoles = i?.attachToRoles ?? [];
  reportDuplicates(attachToRoles, 'access.instance.attachToRoles', report);
  if (createRole) {
    attachToRoles.forEach((name, at) => {
      if (name.toLowerCase() === roleName.toLowerCase()) {
        report(`access.instance.attachToRoles[${at}]`, `is the role created by createRole (${roleName}), which carries the policy already`);
      }
    });
  }

  const userPolicy = u?.createPolicy ?? d.user.createPolicy;
  if (!userPolicy) {
    const needsUserPolicy = (field: string) =>
      report(`access.user.${field}`, 'needs access.user.createPolicy: true (no user policy is created)');
    if (u?.targetTag !== undefined) needsUserPolicy('targetTag');
    for (const field of ['attachToGroups', 'attachToRoles', 'attachToUsers'] as const) {
      if ((u?.[field] ?? []).length > 0) needsUserPolicy(field);
    }
  }
  for (const field of ['attachToGroups', 'attachToRoles', 'attachToUsers'] as const) {
    reportDuplicates(u?.[field] ?? [], `access.user.${field}`, report);
  }
  // IAM refuses changes to the roles IAM Identity Center manages (UnmodifiableEntity).
  const reserved = (names: readonly string[] | undefined, path: string) =>
    (names ?? []).forEach((name, at) => {
      if (/^AWSReservedSSO_/i.test(name)) {
        report(`${path}[${at}]`, 'is a role of IAM Identity Center, which IAM refuses to change: attach the policy to the permission set instead (README "User policy")');
      }
    });
  reserved(u?.attachToRoles, 'access.user.attachToRoles');
  reserved(i?.attachToRoles, 'access.instance.attachToRoles');

  return {
    policyNamePrefix: input?.policyNamePrefix ?? d.policyNamePrefix,
    ssh: input?.ssh ?? d.ssh,
    portForwarding: input?.portForwarding ?? d.portForwarding,
    instance: {
      createPolicy: instancePolicy,
      role: createRole
        ? { create: true, name: roleName, attachManagedInstanceCore: i?.attachManagedInstanceCore ?? d.instance.attachManagedInstanceCore }
        : { create: false },
      attachToRoles: [...attachToRoles],
      bucketKmsKeys: [...(i?.bucketKmsKeys ?? [])],
    },
    user: {
      createPolicy: userPolicy,
      ...(u?.targetTag !== undefined ? { targetTag: { key: u.targetTag.key, value: u.targetTag.value } } : {}),
      attachToGroups: [...(u?.attachToGroups ?? [])],
      attachToRoles: [...(u?.attachToRoles ?? [])],
      attachToUsers: [...(u?.attachToUsers ?? [])],
    },
  };
}
