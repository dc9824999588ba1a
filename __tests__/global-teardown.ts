/** Runs once after every test file (jest globalTeardown of the integration project): stops the shared emulator. */
import { EMULATOR_URL_ENV } from './support/emulator';
import { sharedEmulator } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const emulator = sharedEmulator();
  if (emulator === undefined) return;
  await emulator.stop();
  delete process.env[EMULATOR_URL_ENV];
}
