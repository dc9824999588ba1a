/**
 * Session Manager preferences updater, invoked by Terraform's aws_lambda_invocation
 * (lifecycle_scope "CRUD", terraform_key "tf"). The input, its validation and the results are
 * the contract in src/updater/contract.ts; returns ApplyResult (create/update) or DeleteResult
 * (delete) as JSON.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { applyPreferences } from './apply';
import { validateEvent, type HandlerResult } from '../src/updater/contract';
import { contentFingerprint, createLogger } from './log';
import { restorePreferences } from './restore';
import { DEFAULT_RETRY, errorNameOf, SsmCallError, type RetryOptions } from './retry';
import type { SsmCtx } from './ssm';

/** The part of the Lambda context we use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

export interface HandlerDeps {
  /** SSM client to use instead of the container's (tests: an emulator's endpoint and credentials). */
  client?: SSMClient;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<Pick<RetryOptions, 'maxAttempts' | 'baseMs' | 'capMs' | 'safetyMarginMs'>>;
}

let client: SSMClient | undefined;
/** Created once per Lambda container. SDK retries are off: withRetry is deadline-aware. */
function ssmClient(): SSMClient {
  return (client ??= new SSMClient({ maxAttempts: 1 }));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHandler(deps: HandlerDeps = {}) {
  return async function handler(event: unknown, context: LambdaContext): Promise<HandlerResult> {
    const remainingMs = () => (typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY);
    // The invocation's clock: the Lambda deadline (time slept when there is none).
    const startRemainingMs = remainingMs();
    let sleptMs = 0;
    const sleep = deps.sleep ?? realSleep;
    const rootLog = createLogger({ requestId: context?.awsRequestId });
    let ev;
    try {
      ev = validateEvent(event);
    } catch (e) {
      rootLog.error('invalid event', { error: (e as Error).message });
      throw e;
    }
    const log = rootLog.child({ documentName: ev.documentName, tfAction: ev.tf.action });
    const content = JSON.stringify(ev.content);
    log.info('invocation', { ...contentFingerprint(content), hasPrevInput: ev.tf.prev_input !== null });

    const retry: RetryOptions = {
      ...DEFAULT_RETRY,
      ...deps.retry,
      sleep: (ms) => {
        sleptMs += ms;
        return sleep(ms);
      },
      random: deps.random ?? Math.random,
      remainingMs,
      elapsedMs: () => (Number.isFinite(startRemainingMs) ? startRemainingMs - remainingMs() : sleptMs),
    };
    const ctx: SsmCtx = { client: deps.client ?? ssmClient(), retry, log };
    try {
      if (ev.tf.action === 'delete') return await restorePreferences(ctx, ev.documentName);
      const prevName = ev.tf.prev_input?.documentName;
      const renamed = ev.tf.action === 'update' && typeof prevName === 'string' && prevName !== ev.documentName;
      // A renamed document is a first touch of the new one; the old one is restored afterwards.
      const result: HandlerResult = await applyPreferences(ctx, ev.documentName, content, ev.tf.action === 'create' || renamed);
      if (renamed) {
        log.info('documentName changed; restoring the previous document', { previousDocument: prevName });
        result.previousDocument = await restorePreferences({ ...ctx, log: rootLog.child({ documentName: prevName }) }, prevName);
      }
      return result;
    } catch (e) {
      log.error('failed', {
        errorName: e instanceof SsmCallError ? e.errorName : errorNameOf(e),
        error: (e as Error)?.message ?? String(e),
      });
      throw e;
    }
  };
}

export const handler = createHandler();
