import type { Rule } from '../rule';
import { isSessionOfType, sessionDocumentOf } from '../inspect/session-document';
import { objectOf, referencedParameter } from '../inspect/session-parameters';

/** Programs that are (or open) an interactive shell, by base name without .exe. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'ash', 'busybox', 'su', 'powershell', 'pwsh', 'cmd', 'screen', 'tmux', 'script']);
/** Programs that run the command that follows them. */
const WRAPPERS = new Set(['sudo', 'doas', 'exec', 'env', 'nohup', 'nice', 'command', 'runuser', 'setsid', 'start-process']);
/** Options of sudo that open a shell of their own. */
const SHELL_OPTIONS = new Set(['-i', '-s', '--login', '--shell']);

/** Why one command segment opens a shell, or undefined when it does not. */
function shellIn(segment: string): string | undefined {
  // A parameter reference is one word, whatever spaces it holds: {{ name }} -> {{name}}.
  const words = segment
    .replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, '{{$1}}')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  for (const word of words) {
    const base = word
      .replace(/^["']|["']$/g, '')
      .split(/[\\/]/)
      .pop()!
      .toLowerCase()
      .replace(/\.exe$/, '');
    if (SHELL_OPTIONS.has(base)) return `${word} (a login shell)`;
    if (WRAPPERS.has(base) || base.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(base)) continue;
    if (referencedParameter(word) !== undefined) return `${word} (the user chooses the program)`;
    return SHELLS.has(base) ? word : undefined;
  }
  return undefined;
}

/**
 * An InteractiveCommands or NonInteractiveCommands Session document runs its own commands, not a
 * shell: no command segment (split at ; & | and new lines) starts a shell (bash, sh, pwsh, cmd,
 * su, sudo -i ...) or a program the user chooses through a parameter. A command document that
 * opens a shell is a Standard_Stream session without the preferences' shell profile and Run As
 * checks: give the break-glass shell its own Standard_Stream document instead.
 */
export const commandDocumentNoShell: Rule = {
  id: 'SMP-SSM-7',
  description: 'Command Session documents (InteractiveCommands, NonInteractiveCommands) do not run a shell or a program the user names.',
  severity: 'error',
  controls: [],
  appliesTo: (element) => isSessionOfType(element, 'InteractiveCommands', 'NonInteractiveCommands'),
  check(element) {
    const read = sessionDocumentOf(element);
    if (read.kind !== 'document') return [];
    const problems: string[] = [];
    for (const [platform, value] of Object.entries(objectOf(read.content.properties))) {
      const commands = objectOf(value).commands;
      const text = Array.isArray(commands) ? commands.join('\n') : typeof commands === 'string' ? commands : '';
      for (const segment of text.split(/[;&|\n]+/)) {
        const shell = shellIn(segment);
        if (shell !== undefined) problems.push(`properties.${platform}.commands runs a shell: ${shell}; run the one command needed, or use a Standard_Stream document for a shell`);
      }
    }
    return problems;
  },
};
