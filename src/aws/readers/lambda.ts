/** Readers of Lambda: a function's configuration by name (src/aws/readers/read.ts for errors). */
import { GetFunctionCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ReadContext, Tags } from './read';

type Lambda = Pick<LambdaClient, 'send'>;

/** A function as GetFunction describes it: its configuration and its tags. */
export interface FunctionRead {
  readonly configuration: FunctionConfiguration;
  readonly tags: Tags;
}

/** GetFunction (ResourceNotFoundException: null). */
export async function getFunction(lambda: Lambda, name: string, ctx: ReadContext): Promise<FunctionRead | null | undefined> {
  const got = await ctx.read('lambda:GetFunction', name, () => lambda.send(new GetFunctionCommand({ FunctionName: name })));
  if (!got) return got;
  return got.Configuration ? { configuration: got.Configuration, tags: got.Tags ?? {} } : null;
}
