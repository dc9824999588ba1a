/**
 * Going back to earlier preferences in documentManagement terraform: every document's content
 * carries a revision that changes with the configured content, and a postcondition refuses a
 * default version that does not hold the configured preferences.
 */
import { buildSessionDocument, withRevision } from '../src/documents/build-session-document';
import { minimalModel, parsed, synthStack } from './helpers';

const shard = (extra: Record<string, unknown> = {}) => parsed(synthStack(minimalModel(extra))) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('withRevision', () => {
  it('appends the revision to the description and changes nothing else', () => {
    const content = buildSessionDocument(minimalModel().accounts[0].regions[0].preferences, { createdKeyId: 'k' });
    const revised = withRevision(content, 'abc');
    expect(revised.description).toBe(`${content.description} (revision abc)`);
    expect({ ...revised, description: content.description }).toEqual(content);
  });
});

describe('a Session document in a stack', () => {
  const stack = shard({ customDocuments: [{ name: 'Custom-Doc', preferences: { maxSessionDuration: 30 } }] });
  const documents = Object.entries(stack.resource.aws_ssm_document) as [string, any][]; // eslint-disable-line @typescript-eslint/no-explicit-any
  const revisions = stack.resource.terraform_data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('gives every document (preferences and custom) its own revision, replaced whenever the configured content changes', () => {
    expect(documents).toHaveLength(2);
    const used = new Set<string>();
    for (const [, doc] of documents) {
      const match = /\(revision \$\{terraform_data\.([^.}]+)\.id\}\)$/.exec(JSON.parse(doc.content).description);
      expect(match).not.toBeNull();
      const revisionAddress = match![1];
      used.add(revisionAddress);
      const revision = revisions[revisionAddress];
      expect(revision.triggers_replace).toEqual({ content: revision.input.content });
      const configured = JSON.parse(revision.input.content);
      expect(configured.description).not.toContain('revision');
      expect({ ...JSON.parse(doc.content), description: configured.description }).toEqual(configured);
    }
    expect([...used].sort()).toEqual(Object.keys(revisions).sort());
  });

  it('fails the apply when the default version is not the latest or lacks the configured inputs, saying what to do', () => {
    for (const [, doc] of documents) {
      const [post] = doc.lifecycle.postcondition;
      expect(post.condition).toMatch(
        /^\$\{self\.default_version == self\.latest_version && jsondecode\(self\.content\)\.inputs == jsondecode\(terraform_data\.[^.]+\.output\.content\)\.inputs\}$/,
      );
      expect(post.error_message).toContain(`aws ssm update-document-default-version --name ${doc.name}`);
      expect(post.error_message).toContain('docs/preferences-document.md#going-back-to-earlier-preferences');
    }
  });

  it('keeps the revision when nothing changes and the configured content moves with the preferences', () => {
    const again = shard({ customDocuments: [{ name: 'Custom-Doc', preferences: { maxSessionDuration: 30 } }] });
    expect(again.resource.terraform_data).toEqual(revisions);
    const changed = shard({ preferences: { idleSessionTimeout: 15 }, customDocuments: [{ name: 'Custom-Doc', preferences: { maxSessionDuration: 30 } }] });
    const key = Object.keys(revisions).find((k) => k.includes('preferences-document'))!;
    expect(JSON.parse(changed.resource.terraform_data[key].input.content).inputs.idleSessionTimeout).toBe('15');
    expect(JSON.parse(revisions[key].input.content).inputs.idleSessionTimeout).toBe('20');
  });
});
