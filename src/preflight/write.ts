/**
 * Turns the fixes of the findings into configuration edits, and applies them to the YAML in place
 * with the `yaml` Document API, so comments, order and formatting of everything else stay. Each
 * edit is per account and Region (accounts[i].regionSettings.<region>), the most specific level,
 * so no other Region changes. Accounts listed in accountsFile are edited in that file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Document, isMap, isSeq, parseDocument, YAMLMap, type Node } from 'yaml';
import type { AdoptableResource, Model } from '../model/model';
import { ADOPTABLE_RESOURCES } from '../config/schema';
import type { ConfigFix } from './findings';

/** The settings one Region gets. */
export interface RegionEdit {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly adoptExisting?: boolean;
  /** The Region's whole adoptResources list after the edit. */
  readonly adoptResources?: readonly AdoptableResource[];
}

/** One edit per account and Region that the fixes change (nothing when every fix is already in place). */
export function plannedEdits(model: Model, fixes: readonly ConfigFix[]): RegionEdit[] {
  const edits: RegionEdit[] = [];
  for (const account of model.accounts) {
    for (const region of account.regions) {
      const mine = fixes.filter((f) => f.accountId === account.id && f.region === region.region);
      if (mine.length === 0) continue;
      const adoptExisting = mine.reduce<boolean | undefined>((v, f) => f.adoptExisting ?? v, undefined);
      const adopt = new Set(region.adoptResources);
      for (const f of mine) {
        if (f.adopt) adopt.add(f.adopt);
        if (f.unadopt) adopt.delete(f.unadopt);
      }
      const list = ADOPTABLE_RESOURCES.filter((r) => adopt.has(r));
      const listChanged = list.join() !== [...region.adoptResources].sort((x, y) => ADOPTABLE_RESOURCES.indexOf(x) - ADOPTABLE_RESOURCES.indexOf(y)).join();
      const existingChanged = adoptExisting !== undefined && adoptExisting !== region.adoptExisting;
      if (!listChanged && !existingChanged) continue;
      edits.push({
        accountId: account.id,
        accountName: account.name,
        region: region.region,
        ...(existingChanged ? { adoptExisting } : {}),
        ...(listChanged ? { adoptResources: list } : {}),
      });
    }
  }
  return edits;
}

/** A configuration file and its new text. */
export interface EditedFile {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** Where an account is written: the file, its document and the path of its accounts list. */
interface AccountHome {
  readonly path: string;
  readonly doc: Document;
  readonly listPath: readonly (string | number)[];
  readonly index: number;
}

function accountIndex(doc: Document, listPath: readonly (string | number)[], accountId: string): number {
  const list = listPath.length === 0 ? doc.contents : doc.getIn(listPath, true);
  if (!isSeq(list)) return -1;
  return list.items.findIndex((item) => isMap(item) && String(item.get('id')) === accountId);
}

/** Applies `edits` to the configuration at `configPath` (and its accountsFile); returns the changed files' texts. */
export function editConfiguration(configPath: string, edits: readonly RegionEdit[], read: (path: string) => string = (p) => readFileSync(p, 'utf8')): EditedFile[] {
  const docs = new Map<string, { before: string; doc: Document }>();
  const open = (path: string) => {
    let entry = docs.get(path);
    if (entry === undefined) {
      const before = read(path);
      entry = { before, doc: parseDocument(before, { keepSourceTokens: false }) };
      docs.set(path, entry);
    }
    return entry.doc;
  };
  const main = open(configPath);
  const accountsFile = main.get('accountsFile');
  const homeOf = (accountId: string): AccountHome => {
    const index = accountIndex(main, ['accounts'], accountId);
    if (index >= 0) return { path: configPath, doc: main, listPath: ['accounts'], index };
    if (typeof accountsFile === 'string') {
      const path = resolve(dirname(configPath), accountsFile);
      const doc = open(path);
      const listPath = isSeq(doc.contents) ? [] : ['accounts'];
      const at = accountIndex(doc, listPath, accountId);
      if (at >= 0) return { path, doc, listPath, index: at };
    }
    throw new Error(`account ${accountId} is not in ${configPath}${typeof accountsFile === 'string' ? ` or ${accountsFile}` : ''}`);
  };
  for (const edit of edits) {
    const home = homeOf(edit.accountId);
    const regionPath = [...home.listPath, home.index, 'regionSettings', edit.region];
    let settings = home.doc.getIn(regionPath, true);
    if (!isMap(settings)) {
      settings = home.doc.createNode({}, { flow: true }) as YAMLMap;
      (settings as YAMLMap).flow = true;
      home.doc.setIn(regionPath, settings);
    }
    const map = settings as YAMLMap;
    if (edit.adoptExisting !== undefined) map.set('adoptExisting', edit.adoptExisting);
    if (edit.adoptResources !== undefined) {
      // Always explicit (an empty list too): deleting the key would inherit the account's list again.
      map.set('adoptResources', home.doc.createNode([...edit.adoptResources], { flow: true }) as Node);
    }
  }
  return [...docs].map(([path, { before, doc }]) => ({ path, before, after: doc.toString({ flowCollectionPadding: false, lineWidth: 0 }) })).filter((f) => f.after !== f.before);
}

/** One Region's settings as a flow map: `{ adoptExisting: true, adoptResources: [logGroup, bucket] }`. */
function flowSettings(settings: Record<string, unknown>): string {
  const doc = new Document(settings);
  if (isMap(doc.contents)) doc.contents.flow = true;
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 }).trim();
}

/** The YAML to paste: per account, the regionSettings entries the edits change (merge them into the account's entry). */
export function pasteSnippet(model: Model, edits: readonly RegionEdit[]): string {
  const lines = ['accounts:'];
  for (const id of [...new Set(edits.map((e) => e.accountId))]) {
    const account = model.accounts.find((a) => a.id === id);
    lines.push(`  - id: "${id}"    # ${account?.name ?? ''}`, '    regionSettings:');
    for (const edit of edits.filter((e) => e.accountId === id)) {
      const region = account?.regions.find((r) => r.region === edit.region);
      const adoptResources = edit.adoptResources ?? region?.adoptResources ?? [];
      const settings = {
        adoptExisting: edit.adoptExisting ?? region?.adoptExisting ?? false,
        ...(adoptResources.length > 0 ? { adoptResources: [...adoptResources] } : {}),
      };
      lines.push(`      ${edit.region}: ${flowSettings(settings)}`);
    }
  }
  return lines.join('\n');
}
