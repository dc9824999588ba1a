import type { Rule } from '../rule';

/**
 * Every AWS resource and data source names its provider alias, so it can only land in the account
 * and Region its stack was built for (a default provider would take whatever credentials and
 * Region the environment has). A project convention; no scanner checks it.
 */
export const providerAlias: Rule = {
  id: 'SMP-TF-1',
  description: 'Every AWS resource and data source names its provider alias (provider = aws.<alias>).',
  severity: 'error',
  controls: ['Project convention (no scanner check)'],
  appliesTo: (element) => (element.kind === 'resource' || element.kind === 'data') && element.type.startsWith('aws_'),
  check(element) {
    const provider = element.config.provider;
    return typeof provider === 'string' && /^aws\.[A-Za-z0-9_-]+$/.test(provider) ? [] : ['uses the default aws provider: pass a provider alias (provider: aws.<alias>)'];
  },
};
