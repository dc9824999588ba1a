/**
 * The emulator harness itself: the run's emulator (moto with the service-setting extension, started
 * once by the integration project's globalSetup) answers on a loopback port, a dedicated one starts
 * and stops by its PID, the minimal configuration's stacks apply in their own account, and what was
 * applied reads back through AWS SDK v3.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { DescribeDocumentCommand, GetDocumentCommand, GetServiceSettingCommand, SSMClient } from '@aws-sdk/client-ssm';
import { minimalModel, synthModel } from '../helpers';
import {
  applyStack,
  describeEmulator,
  expectStatus,
  sdkConfig,
  emulatorForBlock,
  MOTO_PYTHON_CHECKED_ENV,
  motoPython,
  STABLE_PORTS,
  stablePort,
  startEmulator,
} from '../support/emulator';

const ACCOUNT = '210000000001';

describeEmulator('emulator harness', () => {
  const emulator = emulatorForBlock();

  it('starts moto on a loopback port and answers for its default account', () => {
    expect(emulator().endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator().accountId).toMatch(/^\d{12}$/);
  });

  it('starts a dedicated moto on a loopback port of its own, and stops it by its PID', async () => {
    // With the interpreter globalSetup checked for every worker (no import check per file).
    expect(process.env[MOTO_PYTHON_CHECKED_ENV]).toEqual(expect.stringMatching(/python/));
    expect(motoPython()).toBe(process.env[MOTO_PYTHON_CHECKED_ENV]);
    const own = await startEmulator({ dedicated: true });
    try {
      expect(own.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(own.endpoint).not.toBe(emulator().endpoint);
      expect(own.pid).toEqual(expect.any(Number));
    } finally {
      await own.stop();
    }
    expect(() => process.kill(own.pid as number, 0)).toThrow();
    // Its port is the stable one of this test file (stablePort), free again once it stopped.
    expect(own.endpoint).toBe(`http://127.0.0.1:${await stablePort('__tests__/integration/emulator-harness.test.ts')}`);
  });

  it('gives an emulator the same port in every run while it is free (the provider answers cached for its URL hold), and another when it is taken', async () => {
    const port = await stablePort('a name');
    expect(port).toBeGreaterThanOrEqual(STABLE_PORTS.first);
    expect(port).toBeLessThan(STABLE_PORTS.first + STABLE_PORTS.count);
    // Below the kernel's ephemeral range, where client connections would take the port.
    const ephemeral = existsSync('/proc/sys/net/ipv4/ip_local_port_range') ? Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) : 32768;
    expect(STABLE_PORTS.first + STABLE_PORTS.count).toBeLessThanOrEqual(ephemeral);
    expect(await stablePort('a name')).toBe(port);
    expect(await stablePort('another name')).not.toBe(port);
    const server = createServer();
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    try {
      expect(await stablePort('a name')).not.toBe(port);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('applies the minimal configuration in its own account and reads the document back; a re-plan is clean', async () => {
    const stacks = synthModel(minimalModel({ accounts: [{ id: ACCOUNT, name: 'harness' }] }));
    const shard = [...stacks].find(([name]) => name !== 'harness-global')!;
    const work = applyStack(emulator(), shard[1], shard[0]);

    const ssm = new SSMClient(sdkConfig(emulator(), 'eu-west-1', ACCOUNT));
    const described = await ssm.send(new DescribeDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
    expect(described.Document).toMatchObject({ DocumentType: 'Session', DocumentFormat: 'JSON', Owner: ACCOUNT });
    expect(described.Document?.DefaultVersion).toBe(described.Document?.LatestVersion);
    const doc = await ssm.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }));
    expect(JSON.parse(doc.Content!)).toMatchObject({ schemaVersion: '1.0', sessionType: 'Standard_Stream' });
    const sharing = await ssm.send(new GetServiceSettingCommand({ SettingId: `arn:aws:ssm:eu-west-1:${ACCOUNT}:servicesetting/ssm/documents/console/public-sharing-permission` }));
    expect(sharing.ServiceSetting).toMatchObject({ SettingValue: 'Disable', Status: 'Customized' });
    ssm.destroy();

    expect(expectStatus(work.plan(), 0).status).toBe(0);
  });
});
