/** Runs once before the test workers start (jest globalSetup). */
import { warmPluginCache } from '../src/terraform/offline';

export default function globalSetup(): void {
  warmPluginCache();
}
