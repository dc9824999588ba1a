/**
 * Resource types a retired Region destroys: the updater Lambda's machinery, so that destroying its
 * invocation restores the preferences document that was there before this project. Everything
 * else (keys, aliases, log groups, buckets and their settings, documents, the key-ID parameter,
 * the public-sharing block) is forgotten with `removed` blocks and stays in AWS as last applied.
 */
export const DESTROYED_WHEN_RETIRED: ReadonlySet<string> = new Set(['aws_lambda_invocation', 'aws_lambda_function', 'aws_iam_role', 'aws_iam_role_policy']);
