/** The `access` section of the configuration: every rule (bad and good values) and the defaults. */
import { modelFromData } from '../src/config/load';
import { DEFAULTS } from '../src/config/defaults';
import { configJsonSchema } from '../src/config/json-schema';
import { configProblems, minimalConfig } from './helpers';

const access = (section: Record<string, unknown>) => minimalConfig({ access: section });
const instance = (fields: Record<string, unknown>) => access({ instance: fields });
const user = (fields: Record<string, unknown>) => access({ user: fields });

describe('access rules: each bad value is reported at its path with its rule', () => {
  const cases: [string, unknown, string][] = [
    ['unknown access key', access({ sshh: 'allow' }), 'access.sshh: is not a known field'],
    [
      'IAM Identity Center role',
      user({ attachToRoles: ['AWSReservedSSO_Ops_0123456789abcdef'] }),
      'access.user.attachToRoles[0]: is a role of IAM Identity Center, which IAM refuses to change',
    ],
    ['unknown instance key', instance({ role: 'x' }), 'access.instance.role: is not a known field'],
    ['unknown user key', user({ tag: {} }), 'access.user.tag: is not a known field'],
    ['ssh value', access({ ssh: 'yes' }), 'access.ssh: must be allow, deny or restricted'],
    ['port forwarding value', access({ portForwarding: true }), 'access.portForwarding: must be allow, deny or restricted'],
    ['policy name prefix characters', access({ policyNamePrefix: 'Session Manager' }), 'access.policyNamePrefix: must be 1-64 characters of letters, digits and +=,.@_-'],
    ['policy name prefix length', access({ policyNamePrefix: 'x'.repeat(65) }), 'access.policyNamePrefix: must be 1-64 characters'],
    ['policy name prefix empty', access({ policyNamePrefix: '' }), 'access.policyNamePrefix: must be 1-64 characters'],
    [
      'created role name',
      instance({ createRole: true, roleName: 'ssm role' }),
      'access.instance.roleName: must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)',
    ],
    ['created role name length', instance({ createRole: true, roleName: 'r'.repeat(65) }), 'access.instance.roleName: must be an IAM role name'],
    ['instance role to attach to', instance({ attachToRoles: ['path/Role'] }), 'access.instance.attachToRoles[0]: must be an IAM role name'],
    ['bucket key reference', instance({ bucketKmsKeys: ['my-key'] }), 'access.instance.bucketKmsKeys[0]: must be a KMS key ID, key ARN, alias name (alias/...) or alias ARN'],
    ['bucket key AWS managed', instance({ bucketKmsKeys: ['alias/aws/s3'] }), 'access.instance.bucketKmsKeys[0]: must be a customer managed key'],
    ['group name', user({ attachToGroups: ['g'.repeat(129)] }), 'access.user.attachToGroups[0]: must be an IAM group name (1-128 characters of letters, digits and +=,.@_-)'],
    ['group name characters', user({ attachToGroups: ['Ops Team'] }), 'access.user.attachToGroups[0]: must be an IAM group name'],
    ['user role name', user({ attachToRoles: ['Ops#Role'] }), 'access.user.attachToRoles[0]: must be an IAM role name'],
    ['user name', user({ attachToUsers: ['alice smith'] }), 'access.user.attachToUsers[0]: must be an IAM user name (1-64 characters of letters, digits and +=,.@_-)'],
    ['user name length', user({ attachToUsers: ['u'.repeat(65)] }), 'access.user.attachToUsers[0]: must be an IAM user name'],
    [
      'tag key aws:',
      user({ targetTag: { key: 'aws:cloudformation:stack-name', value: 'x' } }),
      'access.user.targetTag.key: must be a tag key of 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:',
    ],
    ['tag key empty', user({ targetTag: { key: '', value: 'x' } }), 'access.user.targetTag.key: must be a tag key'],
    ['tag key characters', user({ targetTag: { key: 'Team*', value: 'x' } }), 'access.user.targetTag.key: must be a tag key'],
    [
      'tag value wildcard',
      user({ targetTag: { key: 'Team', value: 'web-*' } }),
      'access.user.targetTag.value: must be a tag value of at most 256 letters, digits, spaces and _.:/=+-@ (no wildcards)',
    ],
    ['tag value policy variable', user({ targetTag: { key: 'Team', value: '${aws:username}' } }), 'access.user.targetTag.value: must be a tag value'],
    ['tag value length', user({ targetTag: { key: 'Team', value: 'v'.repeat(257) } }), 'access.user.targetTag.value: must be a tag value'],
    ['tag value required', user({ targetTag: { key: 'Team' } }), 'access.user.targetTag.value: is required'],
    [
      'role without the policy it carries',
      instance({ createPolicy: false, createRole: true }),
      'access.instance.createRole: a created role carries the instance policy, so it needs access.instance.createPolicy: true',
    ],
    [
      'attachments without an instance policy',
      instance({ createPolicy: false, attachToRoles: ['AppRole'] }),
      'access.instance.attachToRoles: attaching the instance policy needs access.instance.createPolicy: true',
    ],
    [
      'bucket keys without an instance policy',
      instance({ createPolicy: false, bucketKmsKeys: ['alias/logs'] }),
      'access.instance.bucketKmsKeys: granting bucket keys in the instance policy needs access.instance.createPolicy: true',
    ],
    ['role name without createRole', instance({ roleName: 'AppRole' }), 'access.instance.roleName: is used only with access.instance.createRole: true'],
    [
      'managed instance core without createRole',
      instance({ attachManagedInstanceCore: true }),
      'access.instance.attachManagedInstanceCore: applies only to the role created with access.instance.createRole: true',
    ],
    [
      'instance role listed twice (any case)',
      instance({ attachToRoles: ['AppRole', 'approle'] }),
      'access.instance.attachToRoles[1]: duplicates access.instance.attachToRoles[0] (AppRole): IAM names are not case-sensitive',
    ],
    [
      'created role also listed',
      instance({ createRole: true, roleName: 'AppRole', attachToRoles: ['AppRole'] }),
      'access.instance.attachToRoles[0]: is the role created by createRole (AppRole), which carries the policy already',
    ],
    [
      'default created role also listed',
      instance({ createRole: true, attachToRoles: [DEFAULTS.access.instance.roleName] }),
      'access.instance.attachToRoles[0]: is the role created by createRole',
    ],
    [
      'tag scoping without a user policy',
      user({ createPolicy: false, targetTag: { key: 'Team', value: 'ops' } }),
      'access.user.targetTag: needs access.user.createPolicy: true (no user policy is created)',
    ],
    ['groups without a user policy', user({ createPolicy: false, attachToGroups: ['Ops'] }), 'access.user.attachToGroups: needs access.user.createPolicy: true'],
    ['roles without a user policy', user({ createPolicy: false, attachToRoles: ['Ops'] }), 'access.user.attachToRoles: needs access.user.createPolicy: true'],
    ['users without a user policy', user({ createPolicy: false, attachToUsers: ['alice'] }), 'access.user.attachToUsers: needs access.user.createPolicy: true'],
    ['group listed twice', user({ attachToGroups: ['Ops', 'Dev', 'OPS'] }), 'access.user.attachToGroups[2]: duplicates access.user.attachToGroups[0] (Ops)'],
    ['user role listed twice', user({ attachToRoles: ['Ops', 'Ops'] }), 'access.user.attachToRoles[1]: duplicates access.user.attachToRoles[0] (Ops)'],
    ['user listed twice', user({ attachToUsers: ['alice', 'Alice'] }), 'access.user.attachToUsers[1]: duplicates access.user.attachToUsers[0] (alice)'],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    const found = configProblems(data);
    if (!found.some((p) => p.startsWith(expected))) throw new Error(`expected "${expected}" in:\n${found.join('\n') || '(no problems)'}`);
  });

  const withDocs = (section: Record<string, unknown>) =>
    minimalConfig({
      customDocuments: [
        { name: 'Ops-Sessions', preferences: {} },
        { name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480 } },
      ],
      access: section,
    });
  const docCases: [string, unknown, string][] = [
    [
      'user documents: unknown name',
      withDocs({ user: { documents: ['Ops-Session'] } }),
      'access.user.documents[0]: names no Session document of this configuration (Ops-Session): write one of SSM-SessionManagerRunShell, Ops-Sessions, BreakGlass-Shell',
    ],
    [
      'user documents: listed twice',
      withDocs({ user: { documents: ['Ops-Sessions', 'Ops-Sessions'] } }),
      'access.user.documents[1]: duplicates access.user.documents[0] (Ops-Sessions)',
    ],
    ['user documents: empty', withDocs({ user: { documents: [] } }), 'access.user.documents: is empty, so the user policy would grant no Session document'],
    ['user documents: no user policy', withDocs({ user: { createPolicy: false, documents: ['Ops-Sessions'] } }), 'access.user.documents: needs access.user.createPolicy: true'],
    ['user documents: bad name', withDocs({ user: { documents: ['a b'] } }), 'access.user.documents[0]: must be a document name (3-128 letters, digits and _.-)'],
    [
      'document policy: no document',
      withDocs({ documentPolicies: [{ name: 'BreakGlass', documents: [] }] }),
      'access.documentPolicies[0].documents: must name at least one Session document',
    ],
    [
      'document policy: unknown document',
      withDocs({ documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass'] }] }),
      'access.documentPolicies[0].documents[0]: names no Session document of this configuration (BreakGlass)',
    ],
    [
      'document policy: name characters',
      withDocs({ documentPolicies: [{ name: 'Break-Glass', documents: ['BreakGlass-Shell'] }] }),
      'access.documentPolicies[0].name: must be 1-32 letters and digits starting with a letter',
    ],
    [
      'document policy: name of the user policy',
      withDocs({ documentPolicies: [{ name: 'User', documents: ['BreakGlass-Shell'] }] }),
      "access.documentPolicies[0].name: would name the policy <prefix>UserAccess, which is the user policy's name",
    ],
    [
      'document policy: name twice (any case)',
      withDocs({
        documentPolicies: [
          { name: 'BreakGlass', documents: ['BreakGlass-Shell'] },
          { name: 'breakglass', documents: ['Ops-Sessions'] },
        ],
      }),
      'access.documentPolicies[1].name: duplicates access.documentPolicies[0].name (breakglass)',
    ],
    [
      'document policy: Identity Center role',
      withDocs({ documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], attachToRoles: ['AWSReservedSSO_Admin_0123'] }] }),
      'access.documentPolicies[0].attachToRoles[0]: is a role of IAM Identity Center',
    ],
    [
      'document policy: unknown key',
      withDocs({ documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], ssh: 'allow' }] }),
      'access.documentPolicies[0].ssh: is not a known field',
    ],
    [
      'DHMC role name without createRole',
      instance({ defaultHostManagement: { createRole: false, roleName: 'Dhmc' } }),
      'access.instance.defaultHostManagement.roleName: is used only with defaultHostManagement.createRole: true',
    ],
    [
      'DHMC setting without the role',
      instance({ defaultHostManagement: { createRole: false, setServiceSetting: true } }),
      'access.instance.defaultHostManagement.setServiceSetting: needs defaultHostManagement.createRole: true',
    ],
    [
      'DHMC role without the instance policy',
      instance({ createPolicy: false, defaultHostManagement: { createRole: true } }),
      'access.instance.defaultHostManagement.createRole: the DHMC role carries the instance policy (session logs, keys), so it needs access.instance.createPolicy: true',
    ],
    [
      'DHMC role named like the EC2 role',
      instance({ createRole: true, roleName: 'Ssm', defaultHostManagement: { createRole: true, roleName: 'ssm' } }),
      'access.instance.defaultHostManagement.roleName: is the EC2 role created by createRole (Ssm)',
    ],
    ['DHMC createRole required', instance({ defaultHostManagement: {} }), 'access.instance.defaultHostManagement.createRole: is required'],
  ];
  it.each(docCases)('%s', (_name, data, expected) => {
    const found = configProblems(data);
    if (!found.some((p) => p.startsWith(expected))) throw new Error(`expected "${expected}" in:\n${found.join('\n') || '(no problems)'}`);
  });

  it('reports every cross-field access problem of a file at once', () => {
    const found = configProblems(access({ instance: { createPolicy: false, createRole: true }, user: { createPolicy: false, attachToUsers: ['bob', 'bob'] } }));
    expect(found).toEqual([
      'access.instance.createRole: a created role carries the instance policy, so it needs access.instance.createPolicy: true (no instance policy is created)',
      'access.user.attachToUsers: needs access.user.createPolicy: true (no user policy is created)',
      'access.user.attachToUsers[1]: duplicates access.user.attachToUsers[0] (bob): IAM names are not case-sensitive',
    ]);
  });
});

describe('access: valid input', () => {
  it('fills every default from DEFAULTS.access: both policies, SSH and port forwarding denied, no role', () => {
    const model = modelFromData(minimalConfig());
    expect(model.access).toEqual({
      policyNamePrefix: DEFAULTS.access.policyNamePrefix,
      ssh: 'deny',
      portForwarding: 'deny',
      instance: { createPolicy: true, role: { create: false }, attachToRoles: [], bucketKmsKeys: [], defaultHostManagement: { createRole: false } },
      user: { createPolicy: true, attachToGroups: [], attachToRoles: [], attachToUsers: [] },
      documentPolicies: [],
    });
  });

  it('accepts a full section', () => {
    const model = modelFromData(
      access({
        policyNamePrefix: 'Acme.SSM',
        ssh: 'allow',
        portForwarding: 'allow',
        instance: {
          createRole: true,
          roleName: 'AcmeSsmInstance',
          attachManagedInstanceCore: true,
          attachToRoles: ['LegacyAppRole', 'batch+jobs@acme'],
          bucketKmsKeys: ['alias/central-logs', 'arn:aws:kms:eu-west-1:222222222222:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f'],
        },
        user: {
          targetTag: { key: 'SessionAccess', value: 'ops team' },
          attachToGroups: ['Operators'],
          attachToRoles: ['OpsOnCall'],
          attachToUsers: ['alice', 'bob.smith'],
        },
      }),
    );
    expect(model.access).toEqual({
      policyNamePrefix: 'Acme.SSM',
      ssh: 'allow',
      portForwarding: 'allow',
      instance: {
        createPolicy: true,
        role: { create: true, name: 'AcmeSsmInstance', attachManagedInstanceCore: true },
        attachToRoles: ['LegacyAppRole', 'batch+jobs@acme'],
        bucketKmsKeys: ['alias/central-logs', 'arn:aws:kms:eu-west-1:222222222222:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f'],
        defaultHostManagement: { createRole: false },
      },
      user: {
        createPolicy: true,
        targetTag: { key: 'SessionAccess', value: 'ops team' },
        attachToGroups: ['Operators'],
        attachToRoles: ['OpsOnCall'],
        attachToUsers: ['alice', 'bob.smith'],
      },
      documentPolicies: [],
    });
  });

  it('keeps a break-glass document out of the everyday policy and gives it a policy of its own', () => {
    const model = modelFromData(
      minimalConfig({
        customDocuments: [
          { name: 'Ops-Sessions', preferences: {} },
          { name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480 } },
        ],
        access: {
          user: { documents: ['SSM-SessionManagerRunShell', 'Ops-Sessions'], attachToGroups: ['Operators'] },
          documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], targetTag: { key: 'Env', value: 'prod' }, attachToRoles: ['BreakGlassResponder'] }],
        },
      }),
    );
    expect(model.access.user.documents).toEqual(['SSM-SessionManagerRunShell', 'Ops-Sessions']);
    expect(model.access.documentPolicies).toEqual([
      {
        name: 'BreakGlass',
        documents: ['BreakGlass-Shell'],
        targetTag: { key: 'Env', value: 'prod' },
        attachToGroups: [],
        attachToRoles: ['BreakGlassResponder'],
        attachToUsers: [],
      },
    ]);
  });

  it('creates the DHMC role with the AWS name and leaves the service setting alone unless asked', () => {
    expect(modelFromData(instance({ defaultHostManagement: { createRole: true } })).access.instance.defaultHostManagement).toEqual({
      createRole: true,
      roleName: 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
      setServiceSetting: false,
    });
    expect(modelFromData(instance({ defaultHostManagement: { createRole: true, roleName: 'OrgDhmc', setServiceSetting: true } })).access.instance.defaultHostManagement).toEqual({
      createRole: true,
      roleName: 'OrgDhmc',
      setServiceSetting: true,
    });
  });

  it('names the created role after DEFAULTS when roleName is left out', () => {
    const model = modelFromData(instance({ createRole: true }));
    expect(model.access.instance.role).toEqual({ create: true, name: DEFAULTS.access.instance.roleName, attachManagedInstanceCore: false });
  });

  it('accepts turning both policies off', () => {
    const model = modelFromData(access({ instance: { createPolicy: false }, user: { createPolicy: false } }));
    expect(model.access.instance.createPolicy).toBe(false);
    expect(model.access.user.createPolicy).toBe(false);
  });

  it('accepts an empty tag value and tag keys with spaces and colons', () => {
    expect(configProblems(user({ targetTag: { key: 'team:access level', value: '' } }))).toEqual([]);
  });

  it('describes every access field in the JSON Schema', () => {
    const schema = JSON.parse(configJsonSchema());
    const section = schema.properties.access;
    expect(section.additionalProperties).toBe(false);
    const undescribed: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const walk = (node: Record<string, any>, path: string) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const [key, child] of Object.entries<Record<string, any>>(node.properties ?? {})) {
        if (typeof child.description !== 'string') undescribed.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
    };
    walk(section, 'access');
    expect(undescribed).toEqual([]);
    expect(section.properties.ssh.enum).toEqual(['allow', 'deny', 'restricted']);
  });
});
