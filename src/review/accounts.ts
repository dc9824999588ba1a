/** Account names and groups for review headings, from the model, and their file form (written by `ci batches`, read by `ci summarize`). */
import type { Model } from '../model/model';
import type { AccountLabel } from './render';

/** Name and group of every account of the model, by account ID. */
export function accountLabels(model: Pick<Model, 'accounts'>): Map<string, AccountLabel> {
  return new Map(model.accounts.map((a) => [a.id, { name: a.name, ...(a.group ? { group: a.group } : {}) }]));
}

/** The labels as a JSON object (account ID -> label). */
export function labelsToJson(labels: ReadonlyMap<string, AccountLabel>): Record<string, AccountLabel> {
  return Object.fromEntries(labels);
}

/** Labels read back from labelsToJson's object; entries that are not labels are ignored. */
export function labelsFromJson(data: unknown): Map<string, AccountLabel> {
  const out = new Map<string, AccountLabel>();
  if (data === null || typeof data !== 'object') return out;
  for (const [id, v] of Object.entries(data as Record<string, unknown>)) {
    const label = v as { name?: unknown; group?: unknown };
    if (typeof label?.name === 'string') out.set(id, { name: label.name, ...(typeof label.group === 'string' ? { group: label.group } : {}) });
  }
  return out;
}
