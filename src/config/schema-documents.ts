/**
 * The session-type fields of `customDocuments[]`: what AWS's Session document schema lets each
 * type hold (docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html).
 * `type` picks the session type; `port` belongs to Port documents, `commands`, `parameters` and
 * `runAsElevated` to the two command types. Which fields a type allows, whether patterns compile
 * and whether commands name only declared parameters is checked in document-checks.ts, every
 * problem with its path.
 */
import { z } from 'zod';
import { SESSION_TYPES } from '../model/model';

/** A TCP port number, 1-65535. */
export const portNumber = z
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole port number' })
  .min(1, { error: 'must be a port number from 1 to 65535' })
  .max(65535, { error: 'must be a port number from 1 to 65535' });

/** A regular expression SSM checks a parameter value against (anchoring is checked in document-checks.ts). */
const pattern = z.string().min(1).max(1024);

/** A host name or IP address the node forwards to. */
const hostName = z.string().regex(/^[A-Za-z0-9.:_-]{1,253}$/, { error: 'must be a host name or IP address (letters, digits and .:_-)' });

export const portSessionSchema = z
  .strictObject({
    portNumber: portNumber.describe('The one port traffic is forwarded to (fixed in the document; the user cannot choose another).').optional(),
    allowedPortNumbers: z
      .array(portNumber)
      .min(1, { error: 'must list at least one port' })
      .describe('Ports the user may choose from (the portNumber parameter, limited by allowedValues).')
      .optional(),
    portNumberPattern: pattern.describe('Regular expression the port the user chooses must match (portNumber parameter, allowedPattern), anchored with ^ and $.').optional(),
    host: hostName
      .describe('The one remote host the node forwards to (fixed in the document). Without host, allowedHosts or hostPattern the node forwards to itself (localhost).')
      .optional(),
    allowedHosts: z
      .array(hostName)
      .min(1, { error: 'must list at least one host' })
      .describe('Remote hosts the user may choose from (the host parameter, limited by allowedValues). Replaces AWS-StartPortForwardingSessionToRemoteHost for these hosts.')
      .optional(),
    hostPattern: pattern
      .describe(
        'Regular expression the remote host the user chooses must match (host parameter, allowedPattern), anchored with ^ and $, e.g. ^db-[a-z0-9-]+\\.internal\\.example\\.com$.',
      )
      .optional(),
    localPortNumber: portNumber.describe('The one local port on the user machine (fixed); absent means the user picks one, or the plugin a free one.').optional(),
    allowedLocalPortNumbers: z.array(portNumber).min(1, { error: 'must list at least one port' }).describe('Local ports the user may choose from.').optional(),
  })
  .describe(
    'Port documents only: what the session forwards to. Exactly one of portNumber, allowedPortNumbers, portNumberPattern. ' +
      'Port sessions are NOT logged and not KMS-encrypted by SSM Agent: the preferences (logging, encryption, Run As) do not apply to them.',
  );

/** A parameter name as SSM documents accept it. */
export const parameterName = z.string().regex(/^[A-Za-z0-9_]{1,128}$/, { error: 'must be a parameter name (1-128 letters, digits and _)' });

export const commandParameterSchema = z
  .strictObject({
    name: parameterName.describe('Parameter name; the commands refer to it as {{ name }}.'),
    description: z.string().max(1024).describe('What the user passes (shown by the console and describe-document).').optional(),
    allowedValues: z.array(z.string().max(1024)).min(1, { error: 'must list at least one value' }).describe('The values the user may pass (SSM refuses others).').optional(),
    allowedPattern: pattern.describe('Regular expression every value must match (SSM refuses others), anchored with ^ and $.').optional(),
    default: z.string().max(1024).describe('Value used when the user passes none; must itself be allowed.').optional(),
  })
  .describe('A String parameter of a command document, limited by exactly one of allowedValues and allowedPattern.');

const command = z.string().min(1, { error: 'must not be empty' }).max(4096);

export const commandsSchema = z
  .strictObject({
    linux: command.describe('Command run on Linux nodes.').optional(),
    windows: command.describe('Command run on Windows Server nodes (PowerShell).').optional(),
    macos: command.describe('Command run on macOS nodes.').optional(),
  })
  .describe('The command of each platform the document supports (at least one); {{ name }} inserts a parameter.');

/** The session-type fields of a custom document, spread into customDocumentSchema. */
export const sessionTypeFields = {
  type: z
    .enum(SESSION_TYPES, { error: `must be one of ${SESSION_TYPES.join(', ')}` })
    .describe(
      'Session type: Standard_Stream (a shell; the default), Port (port forwarding, not logged by SSM Agent), InteractiveCommands or NonInteractiveCommands ' +
        '(the configured commands only; logged to S3/CloudWatch at the end of the session, never streamed).',
    )
    .optional(),
  port: portSessionSchema.optional(),
  commands: commandsSchema.optional(),
  parameters: z.array(commandParameterSchema).describe('Command documents only: the parameters the commands take.').optional(),
  runAsElevated: z.boolean().describe('Command documents only: run the commands with administrative privileges (root / Administrator) instead of the session user.').optional(),
};
