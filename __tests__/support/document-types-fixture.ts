/**
 * One custom Session document of each type, as a configuration would write them: shared by the
 * unit tests (synth, builder, policies) and the emulator test that applies them.
 */
export const DATABASE_PORT = 'SessionManager-DatabasePort';
export const RESTART_APP = 'SessionManager-RestartApp';
export const APP_LOGS = 'SessionManager-AppLogs';
export const BREAK_GLASS = 'SessionManager-BreakGlass';

/** The database hosts a DATABASE_PORT session may reach. */
export const DATABASE_HOST_PATTERN = '^db-[a-z0-9-]+\\.internal\\.example\\.com$';

export const FOUR_DOCUMENTS = [
  { name: BREAK_GLASS, description: 'Break-glass shell.', preferences: { maxSessionDuration: 240 } },
  { name: DATABASE_PORT, type: 'Port', description: 'PostgreSQL on the database hosts.', port: { portNumber: 5432, hostPattern: DATABASE_HOST_PATTERN } },
  {
    name: RESTART_APP,
    type: 'NonInteractiveCommands',
    description: 'Restart the app service.',
    commands: { linux: 'sudo systemctl restart {{ service }}', windows: 'Restart-Service -Name {{ service }}' },
    parameters: [{ name: 'service', description: 'Service to restart.', allowedValues: ['app', 'app-worker'] }],
  },
  {
    name: APP_LOGS,
    type: 'InteractiveCommands',
    description: 'Follow the app log.',
    commands: { linux: 'sudo journalctl -u app --since "{{ minutes }} min ago" -f' },
    parameters: [{ name: 'minutes', allowedPattern: '^[0-9]{1,3}$', default: '10' }],
  },
] as const;
