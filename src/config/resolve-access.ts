/**
 * Resolves the `access` section: fills in DEFAULTS.access and reports the rules that span several
 * fields (a setting that needs a policy that is not created, a name listed twice, ...).
 */
import { didYouMean } from './suggest';
import { DEFAULTS } from './defaults';
import type { AccessInput } from './schema-access';
import { PREFERENCES_DOCUMENT_NAME, type AccessModel } from '../model/model';
import type { Report } from './issues';

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

/**
 * Reports document names that are neither SSM-SessionManagerRunShell nor a custom document, and
 * names listed twice (a break-glass document must be named exactly to be left out or granted).
 */
function reportDocuments(names: readonly string[], path: string, known: readonly string[], report: Report): void {
  const choices = [PREFERENCES_DOCUMENT_NAME, ...known];
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (!choices.includes(name)) {
      report(`${path}[${i}]`, `names no Session document of this configuration (${name}): write one of ${choices.join(', ')}${didYouMean(name, choices)}`, [
        'customDocuments[].name',
      ]);
    }
    const at = seen.get(name);
    if (at !== undefined) report(`${path}[${i}]`, `duplicates ${path}[${at}] (${name})`);
    else seen.set(name, i);
  });
}

/**
 * The access model, with every default filled in; problems go to `report`. `documentNames` are
 * the custom Session documents of the configuration (customDocuments[].name).
 */
export function resolveAccess(input: AccessInput | undefined, report: Report, documentNames: readonly string[], portDocuments: readonly string[] = []): AccessModel {
  const d = DEFAULTS.access;
  const portForwarding = input?.portForwarding ?? d.portForwarding;
  // Port documents forward ports: granting one while port forwarding is denied contradicts the deny.
  const reportPortDocuments = (names: readonly string[], path: string) => {
    if (portForwarding !== 'deny') return;
    names.forEach((name, i) => {
      if (portDocuments.includes(name)) {
        report(
          `${path}[${i}]`,
          `is a Port document (${name}), but access.portForwarding is deny: set access.portForwarding: restricted to grant this configuration's Port documents by name`,
        );
      }
    });
  };
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
    const needsUserPolicy = (field: string) => report(`access.user.${field}`, 'needs access.user.createPolicy: true (no user policy is created)');
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
        report(`${path}[${at}]`, 'is a role of IAM Identity Center, which IAM refuses to change: attach the policy to the permission set instead (docs/access.md, "User policy")');
      }
    });
  reserved(u?.attachToRoles, 'access.user.attachToRoles');
  reserved(i?.attachToRoles, 'access.instance.attachToRoles');

  if (u?.documents !== undefined) {
    if (!userPolicy) report('access.user.documents', 'needs access.user.createPolicy: true (no user policy is created)');
    if (u.documents.length === 0)
      report('access.user.documents', 'is empty, so the user policy would grant no Session document: list at least one, or leave documents out to grant all');
    reportDocuments(u.documents, 'access.user.documents', documentNames, report);
    reportPortDocuments(u.documents, 'access.user.documents');
  }
  const documentPolicies = input?.documentPolicies ?? [];
  const policyNames = new Map<string, number>();
  documentPolicies.forEach((p, at) => {
    const path = `access.documentPolicies[${at}]`;
    const key = p.name.toLowerCase();
    const first = policyNames.get(key);
    if (first !== undefined) report(`${path}.name`, `duplicates access.documentPolicies[${first}].name (${p.name}): IAM names are not case-sensitive`);
    else policyNames.set(key, at);
    // <prefix>UserAccess / <prefix>InstanceAccess are the main policies (and -2, -3 their parts).
    if (key === 'user' || key === 'instance') report(`${path}.name`, `would name the policy <prefix>${p.name}Access, which is the ${key} policy's name: choose another name`);
    reportDocuments(p.documents, `${path}.documents`, documentNames, report);
    reportPortDocuments(p.documents, `${path}.documents`);
    for (const field of ['attachToGroups', 'attachToRoles', 'attachToUsers'] as const) reportDuplicates(p[field] ?? [], `${path}.${field}`, report);
    reserved(p.attachToRoles, `${path}.attachToRoles`);
  });

  const dhmc = i?.defaultHostManagement;
  if (dhmc !== undefined) {
    if (!dhmc.createRole) {
      if (dhmc.roleName !== undefined) report('access.instance.defaultHostManagement.roleName', 'is used only with defaultHostManagement.createRole: true');
      if (dhmc.setServiceSetting === true)
        report('access.instance.defaultHostManagement.setServiceSetting', 'needs defaultHostManagement.createRole: true (the setting names the created role)');
    } else if (!instancePolicy) {
      needsInstancePolicy('defaultHostManagement.createRole', 'the DHMC role carries the instance policy (session logs, keys), so it');
    }
    const name = dhmc.roleName ?? d.instance.defaultHostManagementRoleName;
    if (dhmc.createRole && createRole && name.toLowerCase() === roleName.toLowerCase()) {
      report(
        'access.instance.defaultHostManagement.roleName',
        `is the EC2 role created by createRole (${roleName}): the DHMC role is trusted by ssm.amazonaws.com, so it needs a name of its own`,
      );
    }
  }

  return {
    policyNamePrefix: input?.policyNamePrefix ?? d.policyNamePrefix,
    ssh: input?.ssh ?? d.ssh,
    portForwarding,
    instance: {
      createPolicy: instancePolicy,
      role: createRole ? { create: true, name: roleName, attachManagedInstanceCore: i?.attachManagedInstanceCore ?? d.instance.attachManagedInstanceCore } : { create: false },
      attachToRoles: [...attachToRoles],
      bucketKmsKeys: [...(i?.bucketKmsKeys ?? [])],
      defaultHostManagement: dhmc?.createRole
        ? {
            createRole: true,
            roleName: dhmc.roleName ?? d.instance.defaultHostManagementRoleName,
            setServiceSetting: dhmc.setServiceSetting ?? d.instance.setDefaultHostManagementServiceSetting,
          }
        : { createRole: false },
    },
    user: {
      createPolicy: userPolicy,
      ...(u?.targetTag !== undefined ? { targetTag: { key: u.targetTag.key, value: u.targetTag.value } } : {}),
      ...(u?.documents !== undefined ? { documents: [...u.documents] } : {}),
      attachToGroups: [...(u?.attachToGroups ?? [])],
      attachToRoles: [...(u?.attachToRoles ?? [])],
      attachToUsers: [...(u?.attachToUsers ?? [])],
    },
    documentPolicies: documentPolicies.map((p) => ({
      name: p.name,
      documents: [...p.documents],
      ...(p.targetTag !== undefined ? { targetTag: { key: p.targetTag.key, value: p.targetTag.value } } : {}),
      attachToGroups: [...(p.attachToGroups ?? [])],
      attachToRoles: [...(p.attachToRoles ?? [])],
      attachToUsers: [...(p.attachToUsers ?? [])],
    })),
  };
}
