/**
 * A small HCP Terraform / Terraform Enterprise API client (v2, JSON:API) for `npm run workspaces`:
 * the list, create and update calls it needs, with retries. Requests follow the API reference,
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspaces ("Create a Workspace",
 * "Update a Workspace", "List workspaces", "Add tags to a workspace") and
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/projects ("List projects"):
 * `Authorization: Bearer <token>`, `Content-Type: application/vnd.api+json`, pages of at most 100
 * (`page[number]`, `page[size]`, `meta.pagination.next-page`).
 *
 * Rate limiting (https://developer.hashicorp.com/terraform/cloud-docs/api-docs#rate-limiting): a 429
 * is retried after `Retry-After` or `X-RateLimit-Reset` seconds; a 5xx or a network error after a
 * capped exponential backoff with full jitter (src/aws/retry.ts). Anything else fails at once.
 */
import { backoffDelay } from '../aws/retry';
import { EXECUTION_MODE, type ExistingWorkspace, type WorkspaceAction } from './plan';

/** The media type of every request and response (JSON:API). */
export const JSON_API = 'application/vnd.api+json';

/** Page size of every list request (the API's maximum). */
export const PAGE_SIZE = 100;

/** How the client reaches the API and retries. */
export interface ClientOptions {
  /** `https://<hostname>/api/v2`. */
  readonly baseUrl: string;
  readonly token: string;
  /** Attempts in total, the first included (default 6). */
  readonly maxAttempts?: number;
  /** Backoff base and cap in milliseconds (defaults 500 and 30000); a server's own wait is capped at 60 s. */
  readonly baseMs?: number;
  readonly capMs?: number;
  /** The fetch to use (tests pass their own; default the global one). */
  readonly fetch?: typeof fetch;
  /** Waits `ms` milliseconds (tests pass a fake). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each retry. */
  readonly onRetry?: (info: { readonly method: string; readonly path: string; readonly status?: number; readonly waitMs: number; readonly attempt: number }) => void;
}

/** An API call that failed: its status (none for a network error) and the API's own words. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    readonly detail: string,
  ) {
    super(`${method} ${path}: ${status !== undefined ? `HTTP ${status}` : 'no response'}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

/** What the messages of explainApiError name. */
export interface ErrorContext {
  readonly organization: string;
  readonly hostname: string;
  /** `TF_TOKEN_<host>`. */
  readonly tokenVariable: string;
  readonly project?: string;
}

/** An error as a user should read it: what happened and what to do (401, 403, 404 and 422 explained). */
export function explainApiError(error: unknown, context: ErrorContext): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const what = `${error.method} ${error.path}`;
  const detail = error.detail ? ` (${error.detail})` : '';
  switch (error.status) {
    case 401:
      return `${what}: 401 Unauthorized${detail}: ${context.hostname} refused the token in ${context.tokenVariable}; it is wrong, expired or revoked. Create a team API token (or an organization token) and put it in ${context.tokenVariable}.`;
    case 403:
      return (
        `${what}: 403 Forbidden${detail}: the token may not do this. Creating workspaces needs a team with "Manage all workspaces" ` +
        `(or admin access to the project${context.project ? ` "${context.project}"` : ''}), or the organization token; changing settings needs admin access to the workspace, ` +
        `moving a workspace between projects admin access to both (docs/hcp-terraform.md).`
      );
    case 404:
      return `${what}: 404 Not Found${detail}: the organization "${context.organization}" does not exist on ${context.hostname}, or the token in ${context.tokenVariable} may not see it or this workspace (HCP Terraform answers 404 for what a token may not read). Check backend.organization and the token's team access.`;
    case 422:
      return `${what}: 422 Unprocessable Entity${detail}: the API rejected the request.`;
    case undefined:
      return `${what}: no response${detail}: is ${context.hostname} reachable from here?`;
    default:
      return `${what}: HTTP ${error.status}${detail}`;
  }
}

/** Milliseconds to wait before retrying a 429: `Retry-After` (seconds or a date), else `X-RateLimit-Reset` (seconds), capped at 60 s. */
export function rateLimitWait(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.min(60_000, Math.max(0, Math.ceil(ms)));
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset)) return Math.min(60_000, Math.max(0, Math.ceil(reset * 1000)));
  return undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The JSON:API error text of a response body: each error's title and detail. */
function errorDetail(body: unknown): string {
  const errors = (body as { errors?: { title?: string; detail?: string }[] } | undefined)?.errors;
  if (!Array.isArray(errors)) return '';
  return errors.map((e) => [e.title, e.detail].filter((x) => typeof x === 'string' && x !== '').join(': ')).join('; ');
}

/** A JSON:API resource as the API returns it. */
interface Resource {
  readonly id: string;
  readonly type: string;
  readonly attributes?: Record<string, unknown>;
  readonly relationships?: Record<string, { readonly data?: { readonly id?: string } | null } | undefined>;
}

interface Page {
  readonly data?: Resource[];
  readonly meta?: { readonly pagination?: { readonly 'next-page'?: number | null } };
}

/** The workspace of a list response, reduced to what the plan reads. */
export function toExistingWorkspace(resource: Resource): ExistingWorkspace {
  const a = resource.attributes ?? {};
  const r = resource.relationships ?? {};
  const projectId = r.project?.data?.id;
  const resourceCount = typeof a['resource-count'] === 'number' ? a['resource-count'] : 0;
  const tags = Array.isArray(a['tag-names']) ? (a['tag-names'] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  return {
    id: resource.id,
    name: String(a.name ?? ''),
    executionMode: typeof a['execution-mode'] === 'string' ? a['execution-mode'] : 'remote',
    ...(typeof projectId === 'string' ? { projectId } : {}),
    tags,
    hasState: (r['current-state-version']?.data ?? null) !== null || resourceCount > 0,
    resourceCount,
  };
}

/** The client `npm run workspaces` uses. */
export class WorkspacesApi {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
  }

  /** One request, retried on 429, 5xx and network errors; returns the parsed body (undefined for 204). */
  async request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    // Messages show the path decoded: `page[number]=2`, not `page%5Bnumber%5D=2`.
    const shown = decodeURIComponent(path);
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(`${this.options.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${this.options.token}`, 'Content-Type': JSON_API, Accept: JSON_API },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        const message = e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e);
        if (attempt >= maxAttempts) throw new ApiError(method, shown, undefined, message);
        await this.wait(method, shown, undefined, this.backoff(attempt), attempt);
        continue;
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (response.ok) return parsed;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= maxAttempts) throw new ApiError(method, shown, response.status, errorDetail(parsed) || text.slice(0, 200));
      const waitMs = response.status === 429 ? (rateLimitWait(response.headers) ?? this.backoff(attempt)) : this.backoff(attempt);
      await this.wait(method, shown, response.status, waitMs, attempt);
    }
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.options.random ?? Math.random, this.options.baseMs ?? 500, this.options.capMs ?? 30_000);
  }

  private async wait(method: string, path: string, status: number | undefined, waitMs: number, attempt: number): Promise<void> {
    this.options.onRetry?.({ method, path, ...(status !== undefined ? { status } : {}), waitMs, attempt });
    await this.sleep(waitMs);
  }

  /** Every resource of a paginated list (`page[size]=100`, following `meta.pagination.next-page`). */
  async listAll(path: string, query: Readonly<Record<string, string>> = {}): Promise<Resource[]> {
    const all: Resource[] = [];
    for (let page: number | null | undefined = 1, seen = 0; page !== null && page !== undefined; seen++) {
      if (seen >= 10_000) throw new ApiError('GET', path, undefined, 'more than 10000 pages: the pagination does not end');
      const params = new URLSearchParams({ ...query, 'page[number]': String(page), 'page[size]': String(PAGE_SIZE) });
      const body = (await this.request('GET', `${path}?${params.toString()}`)) as Page | undefined;
      all.push(...(body?.data ?? []));
      const next = body?.meta?.pagination?.['next-page'];
      page = typeof next === 'number' && next > page ? next : null;
    }
    return all;
  }

  /** Every workspace of the organization. */
  async listWorkspaces(organization: string): Promise<ExistingWorkspace[]> {
    return (await this.listAll(`/organizations/${encodeURIComponent(organization)}/workspaces`)).map(toExistingWorkspace);
  }

  /** One workspace by name (`GET /organizations/:organization_name/workspaces/:name`, "Show workspace"). */
  async showWorkspace(organization: string, name: string): Promise<ExistingWorkspace> {
    const body = (await this.request('GET', `/organizations/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(name)}`)) as { data?: Resource } | undefined;
    if (body?.data === undefined) throw new ApiError('GET', `/organizations/${organization}/workspaces/${name}`, 200, 'the response holds no workspace');
    return toExistingWorkspace(body.data);
  }

  /** The ID of the project named `name`, or undefined when the organization has none of that name. */
  async findProjectId(organization: string, name: string): Promise<string | undefined> {
    const projects = await this.listAll(`/organizations/${encodeURIComponent(organization)}/projects`, { 'filter[names]': name });
    return projects.find((p) => p.attributes?.name === name)?.id;
  }

  /** Creates a workspace in the Local execution mode (in the project, when given); returns its ID. */
  async createWorkspace(organization: string, action: Extract<WorkspaceAction, { kind: 'create' }>): Promise<string> {
    const body = {
      data: {
        type: 'workspaces',
        attributes: { name: action.name, 'execution-mode': EXECUTION_MODE, 'setting-overwrites': { 'execution-mode': true } },
        ...(action.projectId !== undefined ? { relationships: { project: { data: { type: 'projects', id: action.projectId } } } } : {}),
      },
    };
    const created = (await this.request('POST', `/organizations/${encodeURIComponent(organization)}/workspaces`, body)) as { data?: { id?: string } } | undefined;
    const id = created?.data?.id;
    if (typeof id !== 'string') throw new ApiError('POST', `/organizations/${organization}/workspaces`, 201, 'the response names no workspace ID');
    return id;
  }

  /** Updates only the changed attributes of a workspace (PATCH). */
  async updateWorkspace(action: Extract<WorkspaceAction, { kind: 'update' }>): Promise<void> {
    const { executionMode, project } = action.changes;
    if (executionMode === undefined && project === undefined) return;
    const body = {
      data: {
        type: 'workspaces',
        ...(executionMode !== undefined ? { attributes: { 'execution-mode': executionMode.to, 'setting-overwrites': { 'execution-mode': true } } } : {}),
        ...(project !== undefined ? { relationships: { project: { data: { type: 'projects', id: project.to } } } } : {}),
      },
    };
    await this.request('PATCH', `/workspaces/${encodeURIComponent(action.id)}`, body);
  }

  /** Adds flat string tags to a workspace (its other tags stay). */
  async addTags(workspaceId: string, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    await this.request('POST', `/workspaces/${encodeURIComponent(workspaceId)}/relationships/tags`, { data: tags.map((name) => ({ type: 'tags', attributes: { name } })) });
  }
}
