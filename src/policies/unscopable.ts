/** The only way the access policies allow actions on `Resource: "*"` (src/model/unscopable-actions.ts lists them). */
import { isUnscopable, type UnscopableAction } from '../model/unscopable-actions';
import type { Statement } from './types';

/** An Allow statement on `Resource: "*"`; only actions listed in UNSCOPABLE_ACTIONS are accepted. */
export function unscopableStatement(sid: string, actions: readonly UnscopableAction[]): Statement {
  const unknown = actions.filter((a) => !isUnscopable(a));
  if (unknown.length > 0) throw new Error(`unscopableStatement: ${unknown.join(', ')} not listed in UNSCOPABLE_ACTIONS`);
  return { Sid: sid, Effect: 'Allow', Action: [...actions], Resource: '*' };
}
