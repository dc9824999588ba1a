/**
 * Builds the content of a custom Session document of any session type from the model: a
 * Standard_Stream document is exactly buildSessionDocument's; Port and command documents follow
 * AWS's Session document schema
 * (docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html) and what
 * SSM Agent reads from them (github.com/aws/amazon-ssm-agent):
 * - Port (agent/session/plugins/port/port.go): properties `portNumber` and `type`
 *   (LocalPortForwarding), plus `host` for a remote host and `localPortNumber` for the client. The
 *   agent reads no `inputs`: port sessions are not logged, and sessionplugin.go
 *   (isEncryptionEnabled) never KMS-encrypts the Port plugin, so the document carries no inputs.
 * - InteractiveCommands / NonInteractiveCommands (agent/session/plugins/interactivecommands,
 *   noninteractivecommands, singlecommand): properties per platform (`commands`,
 *   `runAsElevated`), run through the shell plugin, which logs to S3 / CloudWatch Logs at the end
 *   of the session from `inputs` (streaming is switched off by the plugins) and encrypts with kmsKeyId.
 * Pure: no constructs, no I/O.
 */
import { COMMAND_PLATFORMS, type CustomDocumentModel, type SessionValueModel } from '../model/model';
import { buildSessionDocument, DEFAULT_DESCRIPTION, type SessionDocumentContent, type SessionDocumentInputs, type SessionDocumentRefs } from './build-session-document';

/** One parameter of a Session document, as SSM stores it (always a String here). */
export interface SessionDocumentParameter {
  readonly type: 'String';
  readonly description: string;
  readonly allowedValues?: readonly string[];
  readonly allowedPattern?: string;
  readonly default?: string;
}

/** A Port Session document. */
export interface PortDocumentContent {
  readonly schemaVersion: '1.0';
  readonly description: string;
  readonly sessionType: 'Port';
  readonly parameters: Readonly<Record<string, SessionDocumentParameter>>;
  readonly properties: {
    readonly portNumber: string;
    readonly type: 'LocalPortForwarding';
    readonly localPortNumber: string;
    readonly host?: string;
  };
}

/** An InteractiveCommands or NonInteractiveCommands Session document. */
export interface CommandsDocumentContent {
  readonly schemaVersion: '1.0';
  readonly description: string;
  readonly sessionType: 'InteractiveCommands' | 'NonInteractiveCommands';
  readonly inputs: Omit<SessionDocumentInputs, 'shellProfile'>;
  readonly parameters: Readonly<Record<string, SessionDocumentParameter>>;
  readonly properties: Readonly<Partial<Record<(typeof COMMAND_PLATFORMS)[number], { readonly commands: string; readonly runAsElevated: boolean }>>>;
}

/** Any Session document this project writes. */
export type AnySessionDocumentContent = SessionDocumentContent | PortDocumentContent | CommandsDocumentContent;

/** The local port AWS-StartPortForwardingSession accepts: 0 (the plugin picks a free port) to 65535. */
export const ANY_LOCAL_PORT_PATTERN = '^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$';

/** A value of the document: fixed in properties, or `{{ name }}` with a parameter limiting it. */
function value(name: string, description: string, rule: SessionValueModel): { property: string; parameter?: SessionDocumentParameter } {
  switch (rule.kind) {
    case 'fixed':
      return { property: rule.value };
    case 'allowedValues':
      return { property: `{{ ${name} }}`, parameter: { type: 'String', description, allowedValues: [...rule.values], default: rule.values[0]! } };
    case 'allowedPattern':
      return { property: `{{ ${name} }}`, parameter: { type: 'String', description, allowedPattern: rule.pattern } };
  }
}

/** The content of a custom document of any session type; a Standard_Stream document is exactly buildSessionDocument's. */
export function buildCustomDocument(doc: CustomDocumentModel, refs: SessionDocumentRefs = {}): AnySessionDocumentContent {
  const description = doc.description ?? DEFAULT_DESCRIPTION;
  const session = doc.session;
  if (session.type === 'Standard_Stream') return buildSessionDocument(doc.preferences, refs, doc.description);
  if (session.type === 'Port') {
    const port = value('portNumber', 'Port traffic is forwarded to.', session.portNumber);
    const host = session.host ? value('host', 'Remote host the node forwards to.', session.host) : undefined;
    const local = session.localPortNumber
      ? value('localPortNumber', 'Port on your machine.', session.localPortNumber)
      : {
          property: '{{ localPortNumber }}',
          parameter: { type: 'String' as const, description: 'Port on your machine (0: a free port).', allowedPattern: ANY_LOCAL_PORT_PATTERN, default: '0' },
        };
    const parameters: Record<string, SessionDocumentParameter> = {};
    if (port.parameter) parameters.portNumber = port.parameter;
    if (host?.parameter) parameters.host = host.parameter;
    if (local.parameter) parameters.localPortNumber = local.parameter;
    return {
      schemaVersion: '1.0',
      description,
      sessionType: 'Port',
      parameters,
      properties: { portNumber: port.property, type: 'LocalPortForwarding', localPortNumber: local.property, ...(host ? { host: host.property } : {}) },
    };
  }
  // The shell profile applies to shells, not to commands.
  const { shellProfile: _shellProfile, ...inputs } = buildSessionDocument(doc.preferences, refs, doc.description).inputs;
  const parameters: Record<string, SessionDocumentParameter> = {};
  for (const p of session.parameters) {
    parameters[p.name] = {
      type: 'String',
      description: p.description,
      ...(p.rule.kind === 'allowedValues' ? { allowedValues: [...p.rule.values] } : { allowedPattern: p.rule.pattern }),
      ...(p.default !== undefined ? { default: p.default } : {}),
    };
  }
  const properties: Record<string, { commands: string; runAsElevated: boolean }> = {};
  for (const platform of COMMAND_PLATFORMS) {
    const commands = session.commands[platform];
    if (commands !== undefined) properties[platform] = { commands, runAsElevated: session.runAsElevated };
  }
  return { schemaVersion: '1.0', description, sessionType: session.type, inputs, parameters, properties };
}

/** Whether SSM Agent logs sessions of this document's type (Port sessions carry no session output). */
export function isLogged(doc: CustomDocumentModel): boolean {
  return doc.session.type !== 'Port';
}

/**
 * One line per custom document (by name, once) whose sessions SSM Agent does not log, for the
 * notice synth prints: Port documents, whose traffic no preference can log or encrypt.
 */
export function unloggedDocumentNotice(documents: readonly CustomDocumentModel[]): string {
  const names = [...new Set(documents.filter((d) => !isLogged(d)).map((d) => d.name))].sort();
  return names
    .map(
      (name) =>
        `Session document ${name} (Port): port forwarding sessions are not logged to S3 or CloudWatch Logs and not KMS-encrypted by SSM Agent; grant it only to whoever may open that port.\n`,
    )
    .join('');
}
