/** config/schema.json shows editors a default, an enum or examples for every property. */
import { configJsonSchema, eachProperty } from '../src/config/json-schema';
import { DEFAULTS } from '../src/config/defaults';
import { LOG_RETENTION_DAYS } from '../src/config/field-formats';
import { configProblems, minimalConfig, minimalModel } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = Record<string, any>;
const schema: Node = JSON.parse(configJsonSchema());

function properties(): [string, Node][] {
  const all: [string, Node][] = [];
  eachProperty(schema, (path, node) => all.push([path, node]));
  return all;
}
const isContainer = (node: Node) => node.type === 'object' && node.properties !== undefined;

describe('JSON Schema for editors', () => {
  it('gives every property that is not a nested section a default, an enum, a const or examples', () => {
    const leaves = properties().filter(([, node]) => !isContainer(node));
    expect(leaves.length).toBeGreaterThan(100);
    const bare = leaves.filter(([, n]) => n.default === undefined && n.enum === undefined && n.const === undefined && n.examples === undefined && n.items?.enum === undefined);
    expect(bare.map(([path]) => path)).toEqual([]);
  });

  it('offers only the retention periods CloudWatch Logs accepts, defaulting to one year', () => {
    const retention = schema.properties.preferences.properties.cloudWatch.properties.retentionDays;
    expect(retention.enum).toEqual([...LOG_RETENTION_DAYS]);
    expect(retention.enum).not.toContain(366);
    expect(retention.default).toBe(DEFAULTS.cloudWatch.retentionDays);
    // A custom document inherits: the base default is an example there, not a default.
    const override = schema.properties.customDocuments.items.properties.preferences.properties.cloudWatch.properties;
    expect(override.logGroupName).toMatchObject({ examples: [DEFAULTS.cloudWatch.logGroupName] });
    expect(override.logGroupName.default).toBeUndefined();
  });

  it('shows the defaults the configuration really gets (src/config/defaults.ts)', () => {
    const prefs = schema.properties.preferences.properties;
    const model = minimalModel();
    const region = model.accounts[0].regions[0];
    expect(prefs.idleSessionTimeout.default).toBe(region.preferences.idleSessionTimeout);
    expect(prefs.maxSessionDuration.default).toBe(DEFAULTS.maxSessionDuration);
    expect(schema.properties.stacks.properties.shardSize.default).toBe(model.shardSize);
    expect(schema.properties.documentManagement.default).toBe(region.documentManagement);
    expect(schema.properties.access.properties.ssh).toMatchObject({ default: 'deny', enum: ['allow', 'deny', 'restricted'] });
  });

  it('only shows defaults and examples the configuration accepts', () => {
    // Each top-level-reachable default (no list items) written into a minimal configuration is valid.
    const paths = properties().filter(([path, node]) => node.default !== undefined && !/\[\]|\{\}/.test(path) && !isContainer(node));
    expect(paths.length).toBeGreaterThan(30);
    for (const [path, node] of paths) {
      const config: Node = minimalConfig();
      const keys = path.split('.');
      if (keys[0] === 'backend' && keys.length > 1) config.backend = { type: 'cloud', organization: 'acme' };
      // The role name only means something for a created role.
      if (path === 'access.instance.roleName') config.access = { instance: { createRole: true } };
      let at = config;
      let section: Node = schema;
      for (const key of keys.slice(0, -1)) {
        at = at[key] ??= {};
        section = section.properties[key];
      }
      at[keys.at(-1) as string] = node.default;
      // A field of a section that can be switched off is written with the section's `enabled` default
      // beside it: leaving `enabled` out while setting a field is refused as having no effect.
      const enabled = section.properties?.enabled?.default;
      if (enabled !== undefined && at.enabled === undefined) at.enabled = enabled;
      // Required fields of the section take their own default or first example.
      for (const key of section.required ?? []) at[key] ??= section.properties[key].default ?? section.properties[key].examples?.[0];
      expect({ path, problems: configProblems(config) }).toEqual({ path, problems: [] });
    }
    for (const example of schema.properties.accounts.examples) expect(configProblems(minimalConfig({ accounts: example }))).toEqual([]);
    for (const example of schema.properties.customDocuments.examples) expect(configProblems(minimalConfig({ customDocuments: example }))).toEqual([]);
    for (const example of schema.properties.backend.examples.slice(0, 1)) expect(configProblems(minimalConfig({ backend: example }))).toEqual([]);
  });
});
