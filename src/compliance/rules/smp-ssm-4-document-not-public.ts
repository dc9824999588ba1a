import type { Rule } from '../rule';
import { strings } from '../inspect/values';

/** No SSM document is shared with every AWS account (`permissions { account_ids = "All" }`). */
export const documentNotPublic: Rule = {
  id: 'SMP-SSM-4',
  description: 'No SSM document is shared publicly (permissions account_ids "All").',
  severity: 'error',
  controls: ['Security Hub SSM.4', 'Prowler ssm_documents_set_as_public', 'AWS Config ssm-document-not-public'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_ssm_document',
  check(element) {
    const permissions = element.config.permissions;
    if (permissions === undefined || permissions === null) return [];
    const entries = (Array.isArray(permissions) ? permissions : [permissions]) as Record<string, unknown>[];
    const accounts = entries.flatMap((p) => strings(p?.account_ids).flatMap((ids) => ids.split(',').map((id) => id.trim())));
    return accounts.some((id) => id.toLowerCase() === 'all') ? ['is shared with every AWS account (permissions account_ids "All"): share it with named accounts only'] : [];
  },
};
