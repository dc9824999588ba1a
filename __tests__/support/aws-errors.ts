/** An error shaped like the ones AWS SDK v3 clients throw, for mocked clients and fakes (not a test file). */
export function awsError(name: string, options: { readonly status?: number; readonly fault?: 'client' | 'server'; readonly message?: string } = {}): Error {
  const error = Object.assign(new Error(options.message ?? `${name}: from the mock`), { name });
  if (options.fault !== undefined) Object.assign(error, { $fault: options.fault });
  if (options.status !== undefined) Object.assign(error, { $metadata: { httpStatusCode: options.status } });
  return error;
}
