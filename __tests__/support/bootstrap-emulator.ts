/**
 * Shared pieces of the bootstrap proofs on the emulator with IAM enforcement
 * (__tests__/integration/bootstrap-emulator*.test.ts; docs/bootstrap.md, "Proof on the emulator"):
 * the copy of a generated policy moto can evaluate, the IAM action of a recorded request, moto's
 * own API, and the stand-in for the archive provider, which the local provider mirror lacks.
 *
 * What moto cannot check, and how the copy loaded into moto differs from the generated policy
 * (nothing else is changed; the action lists are exactly the generated ones):
 * - moto authorizes CloudWatch Logs, SSM parameters and most IAM requests against Resource "*",
 *   so a statement scoped to the project's ARNs would never match: the copy widens those resources
 *   to "*" (their ARN scoping is proven by the IAM policy engine in __tests__/bootstrap-policies.test.ts).
 *   S3 is authorized on the bucket ARN; SSM documents on the document's ARN and KMS requests on the
 *   key's ARN (CreateAlias, UpdateAlias, DeleteAlias on both the alias and the key, as AWS does)
 *   through src/sandbox/moto_ext.py: statements whose resources are all buckets, documents, keys or
 *   aliases keep the project's names, so the emulator denies a same-type resource outside them;
 * - moto treats every condition key but sts:ExternalId as unmet (the statement then denies), so
 *   the copy drops Conditions (tag, Region and iam:PassedToService conditions: policy engine);
 * - moto's S3 authorizes HEAD bucket as s3:HeadBucket (AWS: s3:ListBucket) and PUT ?encryption,
 *   ?ownershipControls and ?publicAccessBlock as s3:CreateBucket, and moto's Lambda authorizes
 *   Invoke as lambda:Invoke (AWS: lambda:InvokeFunction, SAR, AWS Lambda): an EmulatorOnly
 *   statement adds those aliases on the same resources; the generated policy never carries them.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policy, type PolicyDocument, type Statement } from '../../src/policies/types';
import { createZip } from '../../src/testing/zip';
import { LAMBDA_BUNDLE_DIR } from '../../stacks/app';
import { tempDir } from '../helpers';

/** moto's own action names (see the file comment): what moto checks instead of the AWS action. */
export const MOTO_ALIASES: Readonly<Record<string, string>> = {
  's3:ListBucket': 's3:HeadBucket',
  's3:PutEncryptionConfiguration': 's3:CreateBucket',
  's3:PutBucketOwnershipControls': 's3:CreateBucket',
  's3:PutBucketPublicAccessBlock': 's3:CreateBucket',
  'lambda:InvokeFunction': 'lambda:Invoke',
};

/**
 * The copy of a generated policy moto can evaluate (see the file comment): resources moto cannot
 * name widened to "*", no conditions, and, labelled EmulatorOnly, moto's names for the S3 and Lambda
 * actions the policy grants whose names moto spells otherwise, on the same resources.
 */
export function forMoto(doc: PolicyDocument): PolicyDocument {
  const resourceFor = (s: Statement): Statement['Resource'] => {
    const resources = typeof s.Resource === 'string' ? [s.Resource] : [...s.Resource];
    return resources.every((r) => /^arn:aws:(s3:::|ssm:[^:]*:[^:]*:document\/|kms:[^:]*:[^:]*:(key|alias)\/)/.test(r)) ? s.Resource : '*';
  };
  const statements = doc.Statement.map((s): Statement => ({ Sid: s.Sid, Effect: s.Effect, Action: s.Action, Resource: resourceFor(s) }));
  const aliases = doc.Statement.flatMap((s): Statement[] => {
    const actions = [...new Set((typeof s.Action === 'string' ? [s.Action] : [...s.Action]).flatMap((a) => (MOTO_ALIASES[a] ? [MOTO_ALIASES[a]] : [])))].sort();
    return actions.length === 0 ? [] : [{ Sid: `EmulatorOnlyMotoNames${s.Sid}`, Effect: 'Allow', Action: actions, Resource: resourceFor(s) }];
  });
  return policy(...statements, ...aliases);
}

/** The IAM action of one recorded request (S3 REST requests as method and sub-resource, Lambda's as method and path: moto's recorder has no action name for them). */
export function actionOf(entry: { headers: Record<string, string>; method: string; url: string; body?: string; body_encoded?: boolean }): string {
  const auth = entry.headers.Authorization ?? entry.headers.authorization ?? '';
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? 'unknown';
  const target = entry.headers['X-Amz-Target'] ?? entry.headers['x-amz-target'];
  if (target) return `${service}:${target.split('.').pop()}`;
  const body = entry.body_encoded && entry.body ? Buffer.from(entry.body, 'base64').toString('utf8') : (entry.body ?? '');
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? /[?&]Action=([A-Za-z]+)/.exec(entry.url)?.[1];
  if (action) return `${service}:${action}`;
  const url = new URL(entry.url, 'http://x');
  // Other REST APIs (Lambda): method and path, without the API version.
  if (service !== 's3') return `${service}:${entry.method} ${url.pathname.replace(/^\/\d{4}-\d{2}-\d{2}/, '')}`;
  const sub = [...url.searchParams.keys()].filter((k) => !['x-id', 'list-type', 'max-keys', 'encoding-type'].includes(k)).join('&');
  return `${service}:${entry.method} ${sub || 'bucket'}`;
}

/** A phase's requests and distinct actions, from moto's recorder. */
export interface Recorded {
  readonly requests: number;
  readonly actions: readonly string[];
}

/** moto's own API (/moto-api/...): recorder, reset-auth, config. */
export async function motoApi(endpoint: string, path: string, body?: string): Promise<string> {
  const res = await fetch(`${endpoint}/moto-api/${path}`, { method: body === undefined && path.includes('download') ? 'GET' : 'POST', body });
  if (!res.ok) throw new Error(`moto-api ${path}: ${res.status}`);
  return res.text();
}

/** moto's IAM enforcement switch and request recorder on the emulator at `endpoint()` (read when called: the emulator starts in beforeAll). */
export function motoControls(endpoint: () => string, report: Record<string, Recorded>) {
  const api = (path: string, body?: string) => motoApi(endpoint(), path, body);
  return {
    api,
    /** Enforcement on (every request checked against the caller's identity policies) or off. */
    enforce: (on: boolean) => api('reset-auth', on ? '0' : '1e18'),
    /** Runs `run` with the recorder on and stores the phase's requests and distinct actions in `report`. */
    async record<T>(phase: string, run: () => T | Promise<T>): Promise<T> {
      await api('recorder/reset-recording');
      await api('recorder/start-recording');
      try {
        return await run();
      } finally {
        await api('recorder/stop-recording');
        const lines = (await api('recorder/download-recording')).split('\n').filter((l) => l.trim() !== '');
        const entries = lines.map((l) => JSON.parse(l)).filter((e) => !String(e.url).includes('/moto-api/'));
        report[phase] = { requests: entries.length, actions: [...new Set(entries.map(actionOf))].sort() };
      }
    },
  };
}

/**
 * The archive provider is not in the local provider mirror, so a stack of a lambda-mode Region
 * gets its archive_file data source replaced by a zip built here from the same bundle, and the
 * function pointed at it. Everything else stays as synthesized.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function stubArchiveFiles(stack: Record<string, any>): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(stack));
  if (copy.data?.archive_file === undefined) return copy;
  const zip = createZip([{ name: 'index.js', data: readFileSync(join(LAMBDA_BUNDLE_DIR, 'index.js')) }]);
  const zipPath = join(tempDir('updater-zip-'), 'updater.zip');
  writeFileSync(zipPath, zip);
  const hash = createHash('sha256').update(zip).digest('base64');
  let text = JSON.stringify(copy);
  for (const id of Object.keys(copy.data.archive_file)) {
    text = text.split(`\${data.archive_file.${id}.output_path}`).join(zipPath).split(`\${data.archive_file.${id}.output_base64sha256}`).join(hash);
  }
  const stubbed = JSON.parse(text);
  delete stubbed.data.archive_file;
  if (Object.keys(stubbed.data).length === 0) delete stubbed.data;
  delete stubbed.terraform.required_providers.archive;
  delete stubbed.provider.archive;
  return stubbed;
}
