import { buildSessionDocument, renderSessionDocument, DEFAULT_DESCRIPTION } from '../src/documents/build-session-document';
import type { PreferencesModel } from '../src/model/model';
import { minimalModel } from './helpers';

const base: PreferencesModel = {
  idleSessionTimeout: 20,
  maxSessionDuration: 60,
  runAs: { enabled: false, defaultUser: '' },
  shellProfile: { linux: '', windows: '' },
  sessionKey: { mode: 'existing', keyId: 'alias/sessions' },
  cloudWatch: { enabled: true, logGroupName: '/session-manager/sessions', create: true, retentionDays: 365, encrypted: true, streaming: true },
  s3: { enabled: false },
};

describe('buildSessionDocument', () => {
  it('writes a Standard_Stream document, schema 1.0, with every input', () => {
    const doc = buildSessionDocument(base);
    expect(doc.schemaVersion).toBe('1.0');
    expect(doc.sessionType).toBe('Standard_Stream');
    expect(doc.description).toBe(DEFAULT_DESCRIPTION);
    expect(Object.keys(doc.inputs).sort()).toEqual(
      [
        's3BucketName',
        's3KeyPrefix',
        's3EncryptionEnabled',
        'cloudWatchLogGroupName',
        'cloudWatchEncryptionEnabled',
        'cloudWatchStreamingEnabled',
        'idleSessionTimeout',
        'maxSessionDuration',
        'kmsKeyId',
        'runAsEnabled',
        'runAsDefaultUser',
      ].sort(),
    );
  });

  it('emits real JSON booleans and timeouts as strings', () => {
    const text = renderSessionDocument(buildSessionDocument(base));
    const inputs = JSON.parse(text).inputs;
    expect(inputs.cloudWatchEncryptionEnabled).toBe(true);
    expect(inputs.cloudWatchStreamingEnabled).toBe(true);
    expect(inputs.s3EncryptionEnabled).toBe(false);
    expect(inputs.runAsEnabled).toBe(false);
    expect(inputs.idleSessionTimeout).toBe('20');
    expect(inputs.maxSessionDuration).toBe('60');
    expect(text).not.toMatch(/"(true|false)"/);
  });

  it('leaves empty shell profiles out and keeps the ones that are set', () => {
    expect(buildSessionDocument(base).inputs.shellProfile).toBeUndefined();
    const linuxOnly = buildSessionDocument({ ...base, shellProfile: { linux: 'exec bash', windows: '' } });
    expect(linuxOnly.inputs.shellProfile).toEqual({ linux: 'exec bash' });
    const both = buildSessionDocument({ ...base, shellProfile: { linux: 'exec bash', windows: 'cd C:\\' } });
    expect(both.inputs.shellProfile).toEqual({ linux: 'exec bash', windows: 'cd C:\\' });
  });

  it('leaves maxSessionDuration out when it is not set', () => {
    const { maxSessionDuration: _unused, ...rest } = base;
    expect('maxSessionDuration' in buildSessionDocument(rest).inputs).toBe(false);
  });

  it('references the created key and bucket through the refs it is given', () => {
    const prefs: PreferencesModel = {
      ...base,
      sessionKey: { mode: 'create', alias: 'alias/session-manager/data' },
      s3: { enabled: true, bucket: { mode: 'create', namePrefix: 'logs' }, keyPrefix: 'p', encrypted: true, expirationDays: 1, noncurrentVersionExpirationDays: 1 },
    };
    const doc = buildSessionDocument(prefs, { createdKeyId: '${key}', createdBucketName: '${bucket}' });
    expect(doc.inputs.kmsKeyId).toBe('${key}');
    expect(doc.inputs.s3BucketName).toBe('${bucket}');
    expect(doc.inputs.s3KeyPrefix).toBe('p');
    expect(doc.inputs.s3EncryptionEnabled).toBe(true);
    expect(() => buildSessionDocument(prefs, { createdBucketName: 'b' })).toThrow(/createdKeyId/);
    expect(() => buildSessionDocument(prefs, { createdKeyId: 'k' })).toThrow(/createdBucketName/);
  });

  it('writes empty strings and false for disabled logging and encryption', () => {
    const doc = buildSessionDocument({ ...base, sessionKey: { mode: 'none' }, cloudWatch: { enabled: false } });
    expect(doc.inputs).toMatchObject({
      kmsKeyId: '',
      cloudWatchLogGroupName: '',
      cloudWatchEncryptionEnabled: false,
      cloudWatchStreamingEnabled: false,
      s3BucketName: '',
      s3KeyPrefix: '',
      s3EncryptionEnabled: false,
    });
  });

  it('sets the Run As user only when Run As is enabled', () => {
    expect(buildSessionDocument({ ...base, runAs: { enabled: true, defaultUser: 'ops' } }).inputs).toMatchObject({ runAsEnabled: true, runAsDefaultUser: 'ops' });
    expect(buildSessionDocument({ ...base, runAs: { enabled: false, defaultUser: 'ops' } }).inputs).toMatchObject({ runAsEnabled: false, runAsDefaultUser: '' });
  });

  it('uses an existing bucket by name', () => {
    const doc = buildSessionDocument({
      ...base,
      s3: { enabled: true, bucket: { mode: 'existing', name: 'central-logs' }, keyPrefix: 'x', encrypted: false, expirationDays: 1, noncurrentVersionExpirationDays: 1 },
    });
    expect(doc.inputs).toMatchObject({ s3BucketName: 'central-logs', s3EncryptionEnabled: false });
  });

  it('builds the defaults of a minimal configuration: encrypted, logged, 20 minute idle, 60 minute sessions', () => {
    const prefs = minimalModel().accounts[0].regions[0].preferences;
    const doc = buildSessionDocument(prefs, { createdKeyId: 'KEY' });
    expect(doc.inputs).toEqual({
      s3BucketName: '',
      s3KeyPrefix: '',
      s3EncryptionEnabled: false,
      cloudWatchLogGroupName: '/session-manager/sessions',
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      idleSessionTimeout: '20',
      maxSessionDuration: '60',
      kmsKeyId: 'KEY',
      runAsEnabled: false,
      runAsDefaultUser: '',
    });
  });
});
