/**
 * cdktf's jest matchers (toHaveResourceWithProperties, ...) in every test file, with cdktf loaded
 * when a test first calls one of them. `Testing.setupJest()` in every file's setup loaded all of
 * cdktf (about 170 modules) into the many files that never synthesize anything.
 */
type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;

/** The matchers cdktf's jest adapter registers (cdktf/lib/testing/adapters/jest). */
export const CDKTF_MATCHERS = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
] as const;

let loaded: Record<string, Matcher> | undefined;

/** cdktf's own matcher functions, captured from its setupJest() through a stand-in `expect`. */
function cdktfMatchers(): Record<string, Matcher> {
  if (loaded) return loaded;
  const captured: Record<string, Matcher> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const { setupJest } = require('cdktf/lib/testing/adapters/jest') as { setupJest: () => void };
  const holder = globalThis as unknown as { expect: unknown };
  const realExpect = holder.expect;
  holder.expect = { extend: (matchers: Record<string, Matcher>) => Object.assign(captured, matchers) };
  try {
    setupJest();
  } finally {
    holder.expect = realExpect;
  }
  const missing = CDKTF_MATCHERS.filter((name) => typeof captured[name] !== 'function');
  if (missing.length > 0) throw new Error(`cdktf's jest adapter no longer registers ${missing.join(', ')}: update __tests__/support/cdktf-matchers.ts`);
  loaded = captured;
  return loaded;
}

expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return cdktfMatchers()[name].apply(this, args);
      },
    ]),
  ),
);
