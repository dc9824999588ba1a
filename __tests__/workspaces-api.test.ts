/**
 * `npm run workspaces` against a local HTTP stub of the HCP Terraform API (node:http, in-process):
 * every request is checked against the shapes of the API reference
 * (https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspaces: "Create a Workspace",
 * "Update a Workspace", "List workspaces", "Add tags to a workspace"; .../api-docs/projects "List
 * projects"): method, path, `Authorization: Bearer`, `Content-Type: application/vnd.api+json`, and
 * the JSON:API body. The stub keeps the workspaces it is told about, so a second run sees the first
 * one's writes. It pages by 3 to make the client follow `meta.pagination.next-page`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runWorkspacesCli } from '../src/workspaces/cli';
import { MANAGED_TAG, desiredWorkspaces } from '../src/workspaces/plan';
import { minimalModel } from './helpers';

const TOKEN = 'test-token.atlasv1.abc';
const ORG = 'acme';
const PROJECT = { id: 'prj-AbCd1234', name: 'session-manager' };
const PAGE = 3;

const model = minimalModel({
  regions: ['us-east-1', 'eu-west-1'],
  accounts: [
    { id: '111111111111', name: 'prod', regions: ['us-east-1', 'eu-west-1'] },
    { id: '222222222222', name: 'dev', regions: ['eu-west-1'] },
  ],
  backend: { type: 'cloud', organization: ORG, project: PROJECT.name, workspacePrefix: 'ssm-' },
});
const desired = desiredWorkspaces(model);

interface StubWorkspace {
  id: string;
  name: string;
  executionMode: string;
  projectId: string;
  tags: string[];
  stateVersion: string | null;
  resourceCount: number;
}

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** Attributes the create and update endpoints document (the subset a client may send). */
const WORKSPACE_ATTRIBUTES = new Set([
  'name',
  'agent-pool-id',
  'allow-destroy-plan',
  'assessments-enabled',
  'auto-apply',
  'auto-apply-run-trigger',
  'description',
  'execution-mode',
  'file-triggers-enabled',
  'global-remote-state',
  'queue-all-runs',
  'source-name',
  'source-url',
  'speculative-enabled',
  'terraform-version',
  'trigger-patterns',
  'trigger-prefixes',
  'working-directory',
  'setting-overwrites',
]);
const NAME = /^[A-Za-z0-9_-]{1,90}$/;
const TAG = /^[A-Za-z0-9:_-]{1,255}$/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Checks a workspace request body (create or update); returns what is wrong. */
function workspaceBodyProblems(body: Json | undefined, create: boolean): string[] {
  const problems: string[] = [];
  const data = body?.data;
  if (data?.type !== 'workspaces') problems.push('data.type must be "workspaces"');
  const attributes: Json = data?.attributes ?? {};
  for (const key of Object.keys(attributes)) if (!WORKSPACE_ATTRIBUTES.has(key)) problems.push(`undocumented attribute ${key}`);
  if (create && !NAME.test(String(attributes.name ?? ''))) problems.push('data.attributes.name: letters, digits, - and _ only');
  if (!create && 'name' in attributes) problems.push('the update renames the workspace');
  const mode = attributes['execution-mode'];
  if (mode !== undefined && !['remote', 'local', 'agent'].includes(mode)) problems.push(`execution-mode ${mode}`);
  if (attributes['setting-overwrites']?.['execution-mode'] === true && mode === undefined) problems.push('setting-overwrites.execution-mode true needs execution-mode');
  if ('operations' in attributes && mode !== undefined) problems.push('operations and execution-mode together');
  const relationships: Json = data?.relationships ?? {};
  for (const key of Object.keys(relationships)) if (!['project', 'tag-bindings'].includes(key)) problems.push(`undocumented relationship ${key}`);
  const project = relationships.project?.data;
  if (relationships.project !== undefined && (project?.type !== 'projects' || !/^prj-/.test(String(project?.id))))
    problems.push('relationships.project.data must be {type: "projects", id: "prj-..."}');
  if (!create && Object.keys(attributes).length === 0 && Object.keys(relationships).length === 0) problems.push('an empty update');
  return problems;
}

/** A stub of the endpoints the command uses, with the organization's workspaces and projects in memory. */
class Stub {
  readonly requests: Recorded[] = [];
  readonly problems: string[] = [];
  readonly workspaces: StubWorkspace[] = [];
  /** Status codes to answer the next matching requests with, before serving them: `GET workspaces` -> [429]. */
  readonly failNext = new Map<string, { status: number; headers?: Record<string, string> }[]>();
  /** Create the next workspaces asked for, then answer 503 anyway (a response lost after the write). */
  createThenFail = 0;
  /** Answer every request with this status (401, 403, ...). */
  refuseWith?: number;
  /** Milliseconds each write takes, and the most writes seen in flight at once. */
  writeDelayMs = 0;
  maxWritesInFlight = 0;
  private writesInFlight = 0;
  private server?: Server;
  private nextId = 1;

  add(ws: Partial<StubWorkspace> & { name: string }): StubWorkspace {
    const full: StubWorkspace = {
      id: `ws-${String(this.nextId++).padStart(16, '0')}`,
      executionMode: 'remote',
      projectId: 'prj-default0',
      tags: [],
      stateVersion: null,
      resourceCount: 0,
      ...ws,
    };
    this.workspaces.push(full);
    return full;
  }

  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const write = req.method !== 'GET';
      if (write) this.maxWritesInFlight = Math.max(this.maxWritesInFlight, ++this.writesInFlight);
      const delay = write ? new Promise((resolve) => setTimeout(resolve, this.writeDelayMs)) : Promise.resolve();
      void delay.then(async () => {
        const { status, body, headers } = await this.handle(req);
        if (write) this.writesInFlight--;
        res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/api/v2`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private resource(ws: StubWorkspace): Json {
    return {
      id: ws.id,
      type: 'workspaces',
      attributes: {
        name: ws.name,
        'execution-mode': ws.executionMode,
        'tag-names': ws.tags,
        'resource-count': ws.resourceCount,
        'setting-overwrites': { 'execution-mode': false, 'agent-pool': false },
      },
      relationships: {
        organization: { data: { id: ORG, type: 'organizations' } },
        project: { data: { id: ws.projectId, type: 'projects' } },
        'current-state-version': { data: ws.stateVersion === null ? null : { id: ws.stateVersion, type: 'state-versions' } },
      },
      links: { self: `/api/v2/organizations/${ORG}/workspaces/${ws.name}` },
    };
  }

  private page(all: Json[], query: URLSearchParams): Json {
    const size = Math.min(Number(query.get('page[size]') ?? 20), 100, PAGE);
    const number = Number(query.get('page[number]') ?? 1);
    const pages = Math.max(1, Math.ceil(all.length / size));
    return {
      data: all.slice((number - 1) * size, number * size),
      meta: {
        pagination: {
          'current-page': number,
          'next-page': number < pages ? number + 1 : null,
          'prev-page': number > 1 ? number - 1 : null,
          'total-pages': pages,
          'total-count': all.length,
        },
      },
    };
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = req.method ?? '';
    let body: Json | undefined;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as Json);
    } catch {
      this.problems.push(`${method} ${url.pathname}: body is not JSON`);
    }
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body });
    const bad = (problem: string) => {
      this.problems.push(`${method} ${url.pathname}: ${problem}`);
      return { status: 400, body: { errors: [{ status: '400', title: 'bad request', detail: problem }] } };
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return bad('Authorization must be "Bearer <token>"');
    if (req.headers['content-type'] !== 'application/vnd.api+json') return bad('Content-Type must be application/vnd.api+json');
    if (this.refuseWith !== undefined) return { status: this.refuseWith, body: { errors: [{ status: String(this.refuseWith), title: 'refused' }] } };

    const route = (() => {
      const p = url.pathname;
      if (p === `/api/v2/organizations/${ORG}/workspaces`) return method === 'GET' ? 'GET workspaces' : method === 'POST' ? 'POST workspaces' : undefined;
      if (p === `/api/v2/organizations/${ORG}/projects` && method === 'GET') return 'GET projects';
      if (p.startsWith(`/api/v2/organizations/${ORG}/workspaces/`) && NAME.test(decodeURIComponent(p.split('/').at(-1) ?? '')) && method === 'GET') return 'GET workspace';
      if (/^\/api\/v2\/workspaces\/ws-[A-Za-z0-9]+$/.test(p) && method === 'PATCH') return 'PATCH workspace';
      if (/^\/api\/v2\/workspaces\/ws-[A-Za-z0-9]+\/relationships\/tags$/.test(p) && method === 'POST') return 'POST tags';
      return undefined;
    })();
    if (route === undefined) return bad('not an endpoint this command may call (and never a DELETE)');
    const injected = this.failNext.get(route)?.shift();
    if (injected !== undefined) return { status: injected.status, body: { errors: [{ status: String(injected.status), title: 'injected' }] }, headers: injected.headers ?? {} };

    if (route === 'GET workspaces' || route === 'GET projects') {
      if (body !== undefined) return bad('a GET with a body');
      if (Number(url.searchParams.get('page[size]')) > 100) return bad('page[size] above 100');
    }
    switch (route) {
      case 'GET projects': {
        const names = url.searchParams.get('filter[names]');
        const projects = [PROJECT, { id: 'prj-default0', name: 'Default Project' }].filter((p) => names === null || p.name === names);
        return {
          status: 200,
          body: this.page(
            projects.map((p) => ({ id: p.id, type: 'projects', attributes: { name: p.name } })),
            url.searchParams,
          ),
        };
      }
      case 'GET workspace': {
        const ws = this.workspaces.find((w) => w.name === decodeURIComponent(url.pathname.split('/').at(-1) ?? ''));
        return ws === undefined ? { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } } : { status: 200, body: { data: this.resource(ws) } };
      }
      case 'GET workspaces':
        return {
          status: 200,
          body: this.page(
            this.workspaces.map((w) => this.resource(w)),
            url.searchParams,
          ),
        };
      case 'POST workspaces': {
        const problems = workspaceBodyProblems(body, true);
        if (problems.length > 0) return bad(problems.join('; '));
        const attributes = body?.data.attributes as Json;
        if (this.workspaces.some((w) => w.name === attributes.name))
          return { status: 422, body: { errors: [{ status: '422', title: 'invalid attribute', detail: 'Name has already been taken' }] } };
        const ws = this.add({
          name: attributes.name,
          executionMode: attributes['execution-mode'] ?? 'remote',
          projectId: body?.data.relationships?.project?.data.id ?? 'prj-default0',
        });
        if (this.createThenFail > 0) {
          this.createThenFail--;
          return { status: 503, body: { errors: [{ status: '503', title: 'unavailable' }] } };
        }
        return { status: 201, body: { data: this.resource(ws) } };
      }
      case 'PATCH workspace': {
        const problems = workspaceBodyProblems(body, false);
        if (problems.length > 0) return bad(problems.join('; '));
        const ws = this.workspaces.find((w) => url.pathname.endsWith(`/${w.id}`));
        if (ws === undefined) return { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } };
        const attributes: Json = body?.data.attributes ?? {};
        if (attributes['execution-mode'] !== undefined) ws.executionMode = attributes['execution-mode'];
        const project = body?.data.relationships?.project?.data.id;
        if (project !== undefined) ws.projectId = project;
        return { status: 200, body: { data: this.resource(ws) } };
      }
      case 'POST tags': {
        const data = body?.data;
        if (!Array.isArray(data) || data.length === 0) return bad('data must be a non-empty list of tags');
        for (const tag of data as Json[]) if (tag.type !== 'tags' || !TAG.test(String(tag.attributes?.name))) return bad(`not a tag: ${JSON.stringify(tag)}`);
        const ws = this.workspaces.find((w) => url.pathname.includes(`/${w.id}/`));
        if (ws === undefined) return { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } };
        for (const tag of data as Json[]) if (!ws.tags.includes(tag.attributes.name)) ws.tags.push(tag.attributes.name);
        return { status: 204 };
      }
    }
  }
}

/** Runs the command against the stub; returns its exit status, stdout, stderr and the waits it asked for. */
async function run(baseUrl: string, argv: string[] = [], env: Record<string, string> = { TF_TOKEN_app_terraform_io: TOKEN }) {
  let stdout = '';
  let stderr = '';
  const waits: number[] = [];
  const code = await runWorkspacesCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    model,
    baseUrl,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { code, stdout, stderr, waits };
}

describe('npm run workspaces against a stub of the HCP Terraform API', () => {
  let stub: Stub;
  let baseUrl: string;
  beforeEach(async () => {
    stub = new Stub();
    baseUrl = await stub.start();
    // Another team's workspaces (enough to need several pages) and one of ours in the Remote mode, outside the project.
    for (let i = 0; i < 5; i++) stub.add({ name: `networking-${i}`, tags: ['team:net'], stateVersion: `sv-${i}`, resourceCount: 7 });
    stub.add({ name: desired[0].name, tags: ['team:platform'], stateVersion: 'sv-ours', resourceCount: 4 });
  });
  afterEach(async () => {
    await stub.stop();
  });

  it('--dry-run reads every page and prints the plan, and sends no write request', async () => {
    const { code, stdout } = await run(baseUrl, ['--dry-run']);
    expect(stub.problems).toEqual([]);
    expect(stub.writes()).toEqual([]);
    expect(code).toBe(1);
    const lists = stub.requests.filter((r) => r.path.endsWith('/workspaces'));
    expect(lists.map((r) => r.query.get('page[number]'))).toEqual(['1', '2']);
    expect(lists.every((r) => r.query.get('page[size]') === '100')).toBe(true);
    expect(stdout).toContain('(dry run: nothing written)');
    expect(stdout).toContain(`would update ${desired[0].name}: execution mode remote -> local, project prj-default0 -> ${PROJECT.id}, add tags ${MANAGED_TAG}`);
    for (const w of desired.slice(1)) expect(stdout).toContain(`would create ${w.name} (project ${PROJECT.id}, execution mode local, tags ${w.tags.join(', ')})`);
    expect(stdout).toMatch(new RegExp(`^${desired.length - 1} to create, 1 to update, 0 unchanged, 0 not in the configuration$`, 'm'));
  });

  it('creates and updates in documented requests; a second run writes nothing (idempotent)', async () => {
    const first = await run(baseUrl);
    expect(stub.problems).toEqual([]);
    expect(first.code).toBe(0);
    const creates = stub.writes().filter((r) => r.method === 'POST' && r.path === `/api/v2/organizations/${ORG}/workspaces`);
    expect(creates.map((r) => (r.body as Json).data.attributes.name).sort()).toEqual(
      desired
        .slice(1)
        .map((w) => w.name)
        .sort(),
    );
    for (const c of creates) {
      expect((c.body as Json).data).toEqual({
        type: 'workspaces',
        attributes: { name: expect.any(String), 'execution-mode': 'local', 'setting-overwrites': { 'execution-mode': true } },
        relationships: { project: { data: { type: 'projects', id: PROJECT.id } } },
      });
    }
    const patches = stub.writes().filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].path).toBe(`/api/v2/workspaces/${stub.workspaces.find((w) => w.name === desired[0].name)?.id}`);
    expect((patches[0].body as Json).data).toEqual({
      type: 'workspaces',
      attributes: { 'execution-mode': 'local', 'setting-overwrites': { 'execution-mode': true } },
      relationships: { project: { data: { type: 'projects', id: PROJECT.id } } },
    });
    // Every workspace of the configuration is now right; the team's own tag stayed; no other workspace was touched.
    for (const w of desired) {
      const ws = stub.workspaces.find((x) => x.name === w.name);
      expect(ws).toMatchObject({ executionMode: 'local', projectId: PROJECT.id });
      expect(ws?.tags).toEqual(expect.arrayContaining(w.tags));
    }
    expect(stub.workspaces.find((w) => w.name === desired[0].name)?.tags).toContain('team:platform');
    expect(stub.workspaces.filter((w) => w.name.startsWith('networking-')).every((w) => w.executionMode === 'remote' && w.tags.join() === 'team:net')).toBe(true);
    expect(first.stderr).toMatch(new RegExp(`^\\[${desired.length}/${desired.length}\\] `, 'm'));
    expect(first.stderr).not.toContain('\x1b[');

    const before = stub.requests.length;
    const second = await run(baseUrl);
    expect(second.code).toBe(0);
    expect(stub.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(second.stdout).toMatch(new RegExp(`^0 create, 0 update, ${desired.length} unchanged, 0 not in the configuration, 0 failed$`, 'm'));
  });

  it('waits as a 429 says (Retry-After, else X-RateLimit-Reset) and retries a 5xx without a duplicate', async () => {
    stub.failNext.set('GET workspaces', [
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 429, headers: { 'X-RateLimit-Reset': '0.25' } },
    ]);
    stub.failNext.set('POST workspaces', [{ status: 503 }]);
    const { code, waits, stderr } = await run(baseUrl);
    expect(stub.problems).toEqual([]);
    expect(code).toBe(0);
    expect(waits.slice(0, 2)).toEqual([2000, 250]);
    expect(waits).toHaveLength(3);
    expect(stderr).toContain('retry 1: GET /organizations/acme/workspaces?page[number]=1&page[size]=100 HTTP 429, waiting 2.0 s');
    expect(stderr).toMatch(/retry 1: POST \/organizations\/acme\/workspaces HTTP 503/);
    for (const w of desired) expect(stub.workspaces.filter((x) => x.name === w.name)).toHaveLength(1);
  });

  it('makes a create whose response was lost (retried, then "already taken") an update of that workspace: one workspace, right', async () => {
    stub.createThenFail = 1;
    const { code, stdout } = await run(baseUrl, ['--concurrency', '1']);
    expect(stub.problems).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^0 failed$|, 0 failed$/m);
    expect(stub.requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/organizations/${ORG}/workspaces/${desired[1].name}`)).toHaveLength(1);
    for (const w of desired) {
      const found = stub.workspaces.filter((x) => x.name === w.name);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ executionMode: 'local', projectId: PROJECT.id });
      expect(found[0].tags).toEqual(expect.arrayContaining(w.tags));
    }
    const before = stub.requests.length;
    expect((await run(baseUrl)).code).toBe(0);
    expect(stub.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('writes at most --concurrency workspaces at once', async () => {
    stub.writeDelayMs = 20;
    expect((await run(baseUrl, ['--concurrency', '2'])).code).toBe(0);
    expect(stub.maxWritesInFlight).toBe(2);
  });

  it('shows progress on a terminal as a status line rewritten in place', async () => {
    let stderr = '';
    const code = await runWorkspacesCli([], {
      stdout: { write: () => true },
      stderr: { isTTY: true, write: (t: string) => (stderr += t) },
      env: { TF_TOKEN_app_terraform_io: TOKEN },
      model,
      baseUrl,
    });
    expect(code).toBe(0);
    expect(stderr.startsWith(`0/${desired.length} workspaces`)).toBe(true);
    expect(stderr).toContain(`\r\x1b[K${`create ${desired[1].name}`}`);
    expect(stderr.endsWith(`\r\x1b[K${desired.length}/${desired.length} workspaces\n`)).toBe(true);
  });

  it('reports a workspace no stack uses, with its state, and never deletes it (exit 1)', async () => {
    stub.add({ name: 'ssm-retired-shard9', executionMode: 'local', stateVersion: 'sv-old', resourceCount: 12 });
    const dry = await run(baseUrl, ['--dry-run', '--json']);
    const report = JSON.parse(dry.stdout) as Json;
    expect(report.plan.orphans).toEqual([{ id: expect.stringMatching(/^ws-/), name: 'ssm-retired-shard9', hasState: true, resourceCount: 12 }]);
    expect(report.results.every((r: Json) => r.status === 'planned')).toBe(true);
    const { code, stdout } = await run(baseUrl);
    expect(code).toBe(1);
    expect(stdout).toMatch(/not a stack of the configuration: ssm-retired-shard9 \(ws-\w+\), has state \(12 resources\).*never deleted by this command/);
    expect(stub.workspaces.map((w) => w.name)).toContain('ssm-retired-shard9');
    expect(stub.problems).toEqual([]);
  });

  it.each([
    [401, /401 Unauthorized.*TF_TOKEN_app_terraform_io.*Create a team API token/],
    [403, /403 Forbidden.*Manage all workspaces/],
    [404, /404 Not Found.*organization "acme".*TF_TOKEN_app_terraform_io/],
  ])('explains a %d and stops before any write (exit 3)', async (status, message) => {
    stub.refuseWith = status;
    const { code, stdout } = await run(baseUrl);
    expect(code).toBe(3);
    expect(stdout).toMatch(message);
    expect(stub.writes()).toEqual([]);
  });

  it('names the token variable when there is no token, and reads nothing (exit 3); TF_API_TOKEN is the fallback', async () => {
    const none = await run(baseUrl, [], {});
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/set TF_TOKEN_app_terraform_io \(or TF_API_TOKEN\)/);
    expect(stub.requests).toEqual([]);
    expect((await run(baseUrl, ['--dry-run'], { TF_API_TOKEN: TOKEN })).code).toBe(1);
    expect(stub.problems).toEqual([]);
  });

  it('says how to fix a missing project (exit 1), and rejects a bad --concurrency (exit 2)', async () => {
    const other = minimalModel({ backend: { type: 'cloud', organization: ORG, project: 'nope', workspacePrefix: 'ssm-' } });
    let stdout = '';
    const code = await runWorkspacesCli([], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => true },
      env: { TF_TOKEN_app_terraform_io: TOKEN },
      model: other,
      baseUrl,
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(/project "nope" not found in the organization "acme": create it .* or fix backend.project/);
    expect(stub.writes()).toEqual([]);
    expect((await run(baseUrl, ['--concurrency', '0'])).code).toBe(2);
  });
});
