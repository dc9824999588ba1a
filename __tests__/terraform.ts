/** Terraform test gate (not a test file): run where Terraform and the mirror exist, say so where not. */
import { terraformUnavailableReason } from '../src/testing/terraform-offline';

const reason = terraformUnavailableReason();

/**
 * `describe` when Terraform and a provider mirror are available. Otherwise the block is replaced by
 * a `todo` entry (reported by jest as todo, never as passed) and a warning naming the reason;
 * with REQUIRE_TERRAFORM=1 a missing Terraform fails the suite instead.
 */
export function describeTerraform(name: string, body: () => void): void {
  if (reason === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.REQUIRE_TERRAFORM === '1') {
    it(`${name} (Terraform required)`, () => {
      throw new Error(`REQUIRE_TERRAFORM=1 but ${reason}`);
    });
    return;
  }
  console.warn(`Terraform checks were SKIPPED for "${name}": ${reason}`);
  it.todo(`${name}: Terraform checks skipped (${reason})`);
}
