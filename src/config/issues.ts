/** How the resolution steps report problems: every one collected, each at the path where it is written. */

/** One problem in the configuration, at a dotted path such as `preferences.runAs.defaultUser`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  /** Fields the check read besides `path` (see Report); `[]` stands for any index. */
  readonly dependsOn?: readonly string[];
}

/**
 * Records a problem at a path; the same problem at the same path is kept once. `dependsOn` names the
 * fields the check reads besides `path` (`[]` for any index): while one of them has a problem of its
 * own, the check is not reported (its premise is unknown).
 */
export type Report = (path: string, message: string, dependsOn?: readonly string[]) => void;

/** A Report and the problems it collected, in the order first reported. */
export function issueCollector(): { readonly report: Report; issues(): ConfigIssue[] } {
  const found = new Map<string, ConfigIssue>();
  return {
    report: (path, message, dependsOn) => found.set(`${path}\u0000${message}`, { path, message, ...(dependsOn === undefined ? {} : { dependsOn }) }),
    issues: () => [...found.values()],
  };
}

/** Items that occur more than once, with every index where they occur. */
export function duplicates<T>(items: readonly T[]): Map<T, number[]> {
  const seen = new Map<T, number[]>();
  items.forEach((item, index) => seen.set(item, [...(seen.get(item) ?? []), index]));
  return new Map([...seen].filter(([, at]) => at.length > 1));
}
