import type { Rule } from '../rule';
import { isSessionOfType, sessionDocumentOf } from '../inspect/session-document';
import { objectOf, parameterRule, referencedParameter, WELL_KNOWN_PORTS } from '../inspect/session-parameters';

/** Hosts of unrelated kinds (loopback, private, metadata service, public): a pattern that admits several admits any host. */
const UNRELATED_HOSTS = ['localhost', '127.0.0.1', '10.0.0.1', '192.168.1.1', '169.254.169.254', 'example.com', 'db.internal', 'internal-alb-1.eu-west-1.elb.amazonaws.com'];

/**
 * A Port Session document forwards to named ports and hosts only: the port is fixed, or a
 * parameter limited to a list or to a pattern that admits no more than two of a dozen ports of
 * unrelated services (22, 3389, 5432, ...); a remote host is fixed, or a parameter limited to a
 * list or to a pattern that admits at most one of a set of unrelated hosts (loopback, private
 * ranges, the instance metadata service, public names). Port sessions are not logged by SSM
 * Agent, so what they reach is all the control there is; AWS's own AWS-StartPortForwardingSession*
 * documents allow any port and host.
 */
export const portDocumentNamedTargets: Rule = {
  id: 'SMP-SSM-6',
  description: 'Port Session documents forward to named ports and hosts only (no parameter that admits any port or any host).',
  severity: 'error',
  controls: [],
  appliesTo: (element) => isSessionOfType(element, 'Port'),
  check(element) {
    const read = sessionDocumentOf(element);
    if (read.kind !== 'document') return [];
    const properties = objectOf(read.content.properties);
    const parameters = objectOf(read.content.parameters);
    const problems: string[] = [];
    const port = properties.portNumber;
    if (typeof port !== 'string' || port === '') {
      problems.push('has no properties.portNumber: name the port it forwards to');
    } else {
      const name = referencedParameter(port);
      if (name !== undefined) {
        const rule = parameterRule(parameters[name]);
        const admitted = rule === undefined ? WELL_KNOWN_PORTS : WELL_KNOWN_PORTS.filter((p) => rule(String(p)));
        if (rule === undefined) problems.push(`lets the user forward to any port: parameter ${name} has neither allowedValues nor allowedPattern`);
        else if (admitted.length > 2)
          problems.push(`lets the user forward to ports of several services (${admitted.join(', ')} among others): limit parameter ${name} to the allowed ports`);
      }
    }
    const host = properties.host;
    if (typeof host === 'string' && host !== '') {
      const name = referencedParameter(host);
      if (name !== undefined) {
        const rule = parameterRule(parameters[name]);
        const admitted = rule === undefined ? UNRELATED_HOSTS : UNRELATED_HOSTS.filter((h) => rule(h));
        if (rule === undefined) problems.push(`lets the user forward to any host: parameter ${name} has neither allowedValues nor allowedPattern`);
        else if (admitted.length > 1) problems.push(`lets the user forward to unrelated hosts (${admitted.join(', ')}): limit parameter ${name} to the named hosts`);
      }
    }
    return problems;
  },
};
