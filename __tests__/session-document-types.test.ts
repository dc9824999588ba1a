/**
 * Custom Session documents of every type (customDocuments[].type): the builder, the validation of
 * AWS's rules for each type, and synth. What each type holds follows AWS's Session document schema
 * (docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html) and what SSM
 * Agent reads (github.com/aws/amazon-ssm-agent): agent/session/plugins/port/port.go reads only
 * properties.portNumber and type (and the host for a remote host), sessionplugin/sessionplugin.go
 * never encrypts the Port plugin (isEncryptionEnabled), and interactivecommands.go /
 * singlecommand.go run the commands through the shell plugin, which logs, with streaming off.
 */
import {
  buildCustomDocument,
  unloggedDocumentNotice,
  ANY_LOCAL_PORT_PATTERN,
  type CommandsDocumentContent,
  type PortDocumentContent,
} from '../src/documents/build-custom-document';
import { buildSessionDocument } from '../src/documents/build-session-document';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkModel } from '../stacks/compliance';
import { configProblems, minimalConfig, ROOT, minimalModel, resourcesIn, synthStack, unescapeTerraform } from './helpers';
import { APP_LOGS, BREAK_GLASS, DATABASE_HOST_PATTERN, DATABASE_PORT, FOUR_DOCUMENTS, RESTART_APP } from './support/document-types-fixture';

const model = minimalModel({ customDocuments: FOUR_DOCUMENTS, access: { portForwarding: 'restricted' } });
const documents = model.accounts[0]!.regions[0]!.customDocuments;
const doc = (name: string) => documents.find((d) => d.name === name)!;

describe('buildCustomDocument', () => {
  it('builds a Standard_Stream document exactly as buildSessionDocument does', () => {
    const d = doc(BREAK_GLASS);
    expect(d.session).toEqual({ type: 'Standard_Stream' });
    expect(buildCustomDocument(d, { createdKeyId: 'k' })).toEqual(buildSessionDocument(d.preferences, { createdKeyId: 'k' }, 'Break-glass shell.'));
  });

  it('builds a Port document with the port fixed, the host a parameter limited by the pattern, and no inputs (not logged)', () => {
    const content = buildCustomDocument(doc(DATABASE_PORT), { createdKeyId: 'k' }) as PortDocumentContent;
    expect(content).toEqual({
      schemaVersion: '1.0',
      description: 'PostgreSQL on the database hosts.',
      sessionType: 'Port',
      parameters: {
        host: { type: 'String', description: 'Remote host the node forwards to.', allowedPattern: DATABASE_HOST_PATTERN },
        localPortNumber: { type: 'String', description: 'Port on your machine (0: a free port).', allowedPattern: ANY_LOCAL_PORT_PATTERN, default: '0' },
      },
      properties: { portNumber: '5432', type: 'LocalPortForwarding', localPortNumber: '{{ localPortNumber }}', host: '{{ host }}' },
    });
    expect('inputs' in content).toBe(false);
  });

  it('turns allowed ports and hosts into parameters with allowedValues, and a fixed local port into a property', () => {
    const m = minimalModel({
      customDocuments: [{ name: 'Web', type: 'Port', port: { allowedPortNumbers: [8080, 8443], allowedHosts: ['a.example.com'], localPortNumber: 18080 } }],
      access: { portForwarding: 'restricted' },
    });
    const content = buildCustomDocument(m.accounts[0]!.regions[0]!.customDocuments[0]!) as PortDocumentContent;
    expect(content.parameters.portNumber).toEqual({ type: 'String', description: 'Port traffic is forwarded to.', allowedValues: ['8080', '8443'], default: '8080' });
    expect(content.parameters.host!.allowedValues).toEqual(['a.example.com']);
    expect(content.parameters.localPortNumber).toBeUndefined();
    expect(content.properties).toEqual({ portNumber: '{{ portNumber }}', type: 'LocalPortForwarding', localPortNumber: '18080', host: '{{ host }}' });
  });

  it('builds command documents with the commands per platform, the parameters and the logging inputs of the preferences (no shell profile)', () => {
    const content = buildCustomDocument(doc(RESTART_APP), { createdKeyId: 'k' }) as CommandsDocumentContent;
    expect(content.sessionType).toBe('NonInteractiveCommands');
    expect(content.properties).toEqual({
      linux: { commands: 'sudo systemctl restart {{ service }}', runAsElevated: false },
      windows: { commands: 'Restart-Service -Name {{ service }}', runAsElevated: false },
    });
    expect(content.parameters).toEqual({ service: { type: 'String', description: 'Service to restart.', allowedValues: ['app', 'app-worker'] } });
    // Logging and encryption come from the preferences (here the defaults: CloudWatch Logs, a created key).
    expect(content.inputs.cloudWatchLogGroupName).toBe('/session-manager/sessions');
    expect(content.inputs.kmsKeyId).toBe('k');
    expect('shellProfile' in content.inputs).toBe(false);
    const logs = buildCustomDocument(doc(APP_LOGS), { createdKeyId: 'k' }) as CommandsDocumentContent;
    expect(logs.sessionType).toBe('InteractiveCommands');
    expect(logs.parameters.minutes).toEqual({ type: 'String', description: 'minutes', allowedPattern: '^[0-9]{1,3}$', default: '10' });
  });

  it('names every Port document once in the synth notice, and no logged document', () => {
    const all = model.accounts.flatMap((a) => a.regions.flatMap((r) => r.customDocuments));
    const notice = unloggedDocumentNotice([...all, ...all]);
    expect(notice.trim().split('\n')).toHaveLength(1);
    expect(notice).toContain(`Session document ${DATABASE_PORT} (Port): port forwarding sessions are not logged`);
    expect(notice).not.toContain(RESTART_APP);
    expect(unloggedDocumentNotice([doc(BREAK_GLASS)])).toBe('');
  });
});

describe('customDocuments[].type validation', () => {
  it('accepts one document of each type', () => {
    expect(configProblems(minimalConfig({ customDocuments: FOUR_DOCUMENTS, access: { portForwarding: 'restricted' } }))).toEqual([]);
  });

  /** Documents breaking every rule of their type; `port` and `parameterName` may break the schema too. */
  const badDocuments = (port: number, parameterName: string) =>
    minimalConfig({
      customDocuments: [
        { name: 'NoPort', type: 'Port' },
        { name: 'TwoPorts', type: 'Port', port: { portNumber: port, allowedPortNumbers: [22], hostPattern: '(' }, preferences: { idleSessionTimeout: 10 } },
        { name: 'Loose', type: 'Port', port: { portNumberPattern: '[0-9]+' } },
        { name: 'ShellWithPort', port: { portNumber: 22 }, commands: { linux: 'ls' } },
        {
          name: 'BadCommands',
          type: 'InteractiveCommands',
          commands: { linux: 'kill {{ pid }} {{ signal }}' },
          parameters: [
            { name: 'pid', allowedPattern: '^[0-9]+$', default: 'x' },
            { name: 'pid', allowedValues: ['1'] },
            { name: parameterName, allowedValues: ['a'] },
            { name: 'free' },
          ],
        },
        { name: 'NoCommands', type: 'NonInteractiveCommands', port: { portNumber: 1 } },
      ],
      access: { portForwarding: 'restricted' },
    });

  it('reports a port out of range and a bad parameter name with the rules of each type', () => {
    expect(configProblems(badDocuments(70000, 'unused-name'))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^customDocuments\[1\]\.port\.portNumber: must be a port number from 1 to 65535/),
        expect.stringMatching(/^customDocuments\[4\]\.parameters\[2\]\.name: must be a parameter name/),
        expect.stringMatching(/^customDocuments\[0\]\.port: is required for a Port document/),
      ]),
    );
  });

  it('reports every problem at once, each at its path', () => {
    const rules = configProblems(badDocuments(7000, 'unused'));
    expect(rules).toEqual([
      expect.stringMatching(/^customDocuments\[0\]\.port: is required for a Port document/),
      expect.stringMatching(/^customDocuments\[1\]\.port\.allowedPortNumbers: conflicts with port\.portNumber/),
      expect.stringMatching(/^customDocuments\[1\]\.port\.hostPattern: does not compile as a regular expression/),
      expect.stringMatching(/^customDocuments\[1\]\.preferences: does not apply to a Port document: SSM Agent neither logs nor KMS-encrypts port sessions/),
      expect.stringMatching(/^customDocuments\[2\]\.port\.portNumberPattern: must start with \^ and end with \$/),
      expect.stringMatching(/^customDocuments\[3\]\.commands: does not apply to a Standard_Stream document \(type defaults to Standard_Stream\)/),
      expect.stringMatching(/^customDocuments\[3\]\.port: does not apply to a Standard_Stream document/),
      expect.stringMatching(/^customDocuments\[4\]\.commands\.linux: refers to \{\{ signal \}\}, which is not in customDocuments\[4\]\.parameters/),
      expect.stringMatching(/^customDocuments\[4\]\.parameters\[0\]\.default: \(x\) is not one of the allowed values/),
      expect.stringMatching(/^customDocuments\[4\]\.parameters\[1\]\.name: duplicates customDocuments\[4\]\.parameters\[0\]\.name \(pid\)/),
      expect.stringMatching(/^customDocuments\[4\]\.parameters\[2\]\.name: \(unused\) is used by no command/),
      expect.stringMatching(/^customDocuments\[4\]\.parameters\[3\]: needs allowedValues or allowedPattern/),
      expect.stringMatching(/^customDocuments\[4\]\.parameters\[3\]\.name: \(free\) is used by no command/),
      expect.stringMatching(/^customDocuments\[5\]\.commands: is required for a NonInteractiveCommands document/),
      expect.stringMatching(/^customDocuments\[5\]\.port: does not apply to a NonInteractiveCommands document/),
    ]);
  });

  it('checks the documents of account groups too, at their paths', () => {
    const problems = configProblems(
      minimalConfig({
        accounts: [{ id: '111111111111', name: 'sandbox', group: 'ops' }],
        accountGroups: { ops: { customDocuments: [{ name: 'OpsPort', type: 'Port', port: { hostPattern: 'db' } }] } },
        access: { portForwarding: 'restricted' },
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^accountGroups\.ops\.customDocuments\[0\]\.port: needs one of portNumber, allowedPortNumbers, portNumberPattern/),
      expect.stringMatching(/^accountGroups\.ops\.customDocuments\[0\]\.port\.hostPattern: must start with \^ and end with \$/),
    ]);
  });

  it('refuses to grant a Port document while port forwarding is denied', () => {
    const problems = configProblems(minimalConfig({ customDocuments: FOUR_DOCUMENTS, access: { documentPolicies: [{ name: 'Developers', documents: [DATABASE_PORT] }] } }));
    expect(problems).toEqual([
      expect.stringMatching(
        /^access\.documentPolicies\[0\]\.documents\[0\]: is a Port document \(SessionManager-DatabasePort\), but access\.portForwarding is deny: set access\.portForwarding: restricted/,
      ),
    ]);
  });
});

describe('synth of each session type', () => {
  const json = synthStack(model);
  const ssmDocuments = resourcesIn(json, 'aws_ssm_document');
  const byName = (name: string) => ssmDocuments.find((d) => d.name === name)!;
  const content = (name: string) => JSON.parse(unescapeTerraform(byName(name).content).replace(/ \(revision \$\{[^}]+\}\)/, ''));

  it('creates one Session document per custom document, each with its session type', () => {
    expect(ssmDocuments.map((d) => d.name).sort()).toEqual([APP_LOGS, BREAK_GLASS, DATABASE_PORT, RESTART_APP, 'SSM-SessionManagerRunShell'].sort());
    for (const d of ssmDocuments) expect(d).toMatchObject({ document_type: 'Session', document_format: 'JSON' });
    expect(content(DATABASE_PORT).sessionType).toBe('Port');
    expect(content(RESTART_APP).sessionType).toBe('NonInteractiveCommands');
    expect(content(APP_LOGS).sessionType).toBe('InteractiveCommands');
    expect(content(BREAK_GLASS).sessionType).toBe('Standard_Stream');
    expect(content(DATABASE_PORT).properties.host).toBe('{{ host }}');
    expect(content(RESTART_APP).properties.linux.commands).toBe('sudo systemctl restart {{ service }}');
  });

  it('checks after apply that Port and command documents hold the configured parameters and properties, and a shell its inputs', () => {
    const condition = (name: string) => byName(name).lifecycle.postcondition[0].condition as string;
    const revision = /terraform_data\.[^.]+/.source;
    const same = (field: string) => new RegExp(`jsondecode\\(self\\.content\\)\\.${field} == jsondecode\\(${revision}\\.output\\.content\\)\\.${field}`);
    for (const field of ['sessionType', 'parameters', 'properties']) {
      expect(condition(DATABASE_PORT)).toMatch(same(field));
      expect(condition(RESTART_APP)).toMatch(same(field));
    }
    expect(condition(DATABASE_PORT)).not.toContain('.inputs');
    expect(condition(RESTART_APP)).toMatch(same('inputs'));
    expect(condition(BREAK_GLASS)).toMatch(/jsondecode\(self\.content\)\.inputs == /);
  });
});

describe('compliance of the documents this project writes', () => {
  it('finds nothing in one document of each type (SMP-SSM-6 named ports and hosts, SMP-SSM-7 no shell)', () => {
    const result = checkModel(model);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('refuses a Port document whose host pattern admits any host, and a command document that opens a shell', () => {
    const loose = minimalModel({
      customDocuments: [
        { name: 'AnyHost', type: 'Port', port: { portNumber: 5432, hostPattern: '^[a-z0-9.-]+$' } },
        { name: 'Shell', type: 'InteractiveCommands', commands: { linux: 'sudo bash' } },
      ],
      access: { portForwarding: 'restricted' },
    });
    const errors = checkModel(loose).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.rule, f.path.split('/').slice(-2, -1)[0]])).toEqual([
      ['SMP-SSM-6', 'custom-document-AnyHost'],
      ['SMP-SSM-7', 'custom-document-Shell'],
    ]);
  });
});

describe('docs/session-documents.md', () => {
  const text = readFileSync(join(ROOT, 'docs', 'session-documents.md'), 'utf8');
  const examples = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, unknown>);

  it('has four worked examples, each a valid configuration that passes the compliance rules, each with its start-session command', () => {
    expect(examples).toHaveLength(4);
    for (const example of examples) {
      expect(configProblems(minimalConfig(example))).toEqual([]);
      expect(checkModel(minimalModel(example)).errors).toEqual([]);
    }
    const commands = [...text.matchAll(/aws ssm start-session --target \S+ \\?\s*--document-name (\S+)/g)].map((m) => m[1]);
    expect(commands).toEqual(['SessionManager-DatabasePort', 'SessionManager-RestartApp', 'SessionManager-AppLogs', 'SessionManager-BreakGlass']);
  });
});
