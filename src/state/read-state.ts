/**
 * Reads what a stack's local state file says Terraform manages: the address of each managed
 * resource and its attributes (ID, name, ARN). Read-only; used by preflight to tell the project's
 * own resources from strangers'. A state that is not there or cannot be parsed is "unreadable",
 * never "empty": only a state that was read can say that a resource is not in it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stateFile } from './local-state';

/** The managed resources of one stack's state, by Terraform address (`type.name`). */
export interface StackState {
  /** The state file read. */
  readonly file: string;
  /** Attributes of each managed resource's instances, by address. */
  readonly resources: ReadonlyMap<string, readonly Readonly<Record<string, unknown>>[]>;
}

interface StateJson {
  readonly resources?: readonly {
    readonly mode?: string;
    readonly type?: string;
    readonly name?: string;
    readonly module?: string;
    readonly instances?: readonly { readonly attributes?: Record<string, unknown> }[];
  }[];
}

/** Parses the text of a Terraform state file (format 4); throws when it is not one. */
export function parseState(text: string, file: string): StackState {
  const json = JSON.parse(text) as StateJson & { version?: number };
  if (typeof json !== 'object' || json === null || typeof json.version !== 'number') throw new Error(`${file} is not a Terraform state file (no "version")`);
  const resources = new Map<string, Readonly<Record<string, unknown>>[]>();
  for (const r of json.resources ?? []) {
    if (r.mode !== 'managed' || !r.type || !r.name) continue;
    const address = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
    resources.set(address, [...(resources.get(address) ?? []), ...(r.instances ?? []).map((i) => i.attributes ?? {})]);
  }
  return { file, resources };
}

/** The state of `stack` in the local state directory, or undefined when there is none or it cannot be read. */
export function readStackState(stack: string, dir: string): StackState | undefined {
  const file = stateFile(stack, dir);
  if (!existsSync(file)) return undefined;
  try {
    return parseState(readFileSync(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}

/** Whether `state` lists `address` with an instance named `name` (its ID, name argument or ARN). */
export function stateHolds(state: StackState, address: string, name: string, nameArg?: string): boolean {
  return (state.resources.get(address) ?? []).some((a) => a.id === name || (nameArg !== undefined && a[nameArg] === name) || a.arn === name);
}
