/**
 * Terraform reads `${…}` and `%{…}` in any string as template syntax. Text that must reach AWS
 * as written (shell profiles, IAM policy variables such as `${aws:userid}`) is escaped here,
 * leaving cdktf's own token markers (`${TfToken[…]}`) to be resolved into references.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => '$${').replace(/%\{/g, () => '%%{');
}
