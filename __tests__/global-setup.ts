/** Runs once before the test workers start (jest globalSetup). */
import { warmPluginCache } from '../src/testing/terraform-offline';

export default function globalSetup(): void {
  warmPluginCache();
}
