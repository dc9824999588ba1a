/** Readers of SSM: documents, parameters, service settings and their tags (src/aws/readers/read.ts for errors). */
import {
  DescribeDocumentCommand,
  GetDocumentCommand,
  GetParameterCommand,
  GetServiceSettingCommand,
  ListTagsForResourceCommand,
  type Parameter,
  type ServiceSetting,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { NEVER_MISSING, tagRecord, type ReadContext, type Tags } from './read';

type Ssm = Pick<SSMClient, 'send'>;

/** One version of a document: its number and content text. */
export interface DocumentVersionRead {
  readonly version: string;
  readonly content: string;
}

/** A document as DescribeDocument describes it, with the content of its default (and latest) version. */
export interface DocumentRead {
  readonly documentType?: string;
  readonly owner?: string;
  readonly created?: Date;
  /** '' when DescribeDocument gives none. */
  readonly defaultVersion: string;
  /** The default version when DescribeDocument gives none. */
  readonly latestVersion: string;
  /** The default version's content; null or undefined when it could not be read (the version vanished, or an error). */
  readonly default: DocumentVersionRead | null | undefined;
  /** The latest version's content, when it is not the default one and `latest` was asked for. */
  readonly latest?: DocumentVersionRead | null;
}

/** DescribeDocument, then GetDocument of the default version (and of the latest one, unless `latest: false`). */
export async function readDocument(ssm: Ssm, name: string, ctx: ReadContext, options: { readonly latest?: boolean } = {}): Promise<DocumentRead | null | undefined> {
  const described = await ctx.read('ssm:DescribeDocument', name, () => ssm.send(new DescribeDocumentCommand({ Name: name })));
  if (!described) return described;
  const d = described.Document;
  const defaultVersion = d?.DefaultVersion ?? '';
  const latestVersion = d?.LatestVersion ?? defaultVersion;
  const content = async (version: string): Promise<DocumentVersionRead | null | undefined> => {
    const got = await ctx.read('ssm:GetDocument', `${name} version ${version}`, () =>
      ssm.send(new GetDocumentCommand({ Name: name, ...(version ? { DocumentVersion: version } : {}) })),
    );
    return got ? { version, content: got.Content ?? '' } : got;
  };
  const wantLatest = options.latest !== false && latestVersion !== defaultVersion;
  const [def, latest] = await Promise.all([content(defaultVersion), wantLatest ? content(latestVersion) : Promise.resolve(undefined)]);
  return {
    ...(d?.DocumentType ? { documentType: d.DocumentType } : {}),
    ...(d?.Owner ? { owner: d.Owner } : {}),
    ...(d?.CreatedDate ? { created: d.CreatedDate } : {}),
    defaultVersion,
    latestVersion,
    default: def,
    ...(latest !== undefined ? { latest } : {}),
  };
}

/** GetParameter (the value as stored, not decrypted). */
export async function readParameter(ssm: Ssm, name: string, ctx: ReadContext): Promise<Parameter | null | undefined> {
  const got = await ctx.read('ssm:GetParameter', name, () => ssm.send(new GetParameterCommand({ Name: name })));
  return got ? (got.Parameter ?? {}) : got;
}

/** GetServiceSetting: a setting always exists, so every error is an error. */
export async function readServiceSetting(ssm: Ssm, settingId: string, ctx: ReadContext): Promise<ServiceSetting | null | undefined> {
  const got = await ctx.read('ssm:GetServiceSetting', settingId, () => ssm.send(new GetServiceSettingCommand({ SettingId: settingId })), NEVER_MISSING);
  return got ? (got.ServiceSetting ?? {}) : got;
}

/** The tags of a document or parameter. */
export async function readSsmTags(ssm: Ssm, type: 'Document' | 'Parameter', id: string, ctx: ReadContext): Promise<Tags | null | undefined> {
  const got = await ctx.read('ssm:ListTagsForResource', `${type} ${id}`, () => ssm.send(new ListTagsForResourceCommand({ ResourceType: type, ResourceId: id })));
  return got ? tagRecord(got.TagList) : got;
}
