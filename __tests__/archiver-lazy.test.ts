/**
 * The test projects load `archiver` through __tests__/support/archiver-lazy.js (jest.config.js
 * moduleNameMapper): a call must give what the real archiver gives, a working zip archive.
 */
import { PassThrough } from 'node:stream';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const archiver = require('archiver') as (
  format: string,
  options?: object,
) => NodeJS.ReadWriteStream & { append(data: Buffer, entry: { name: string }): void; finalize(): Promise<void> };

describe('archiver under jest', () => {
  it('is the stand-in that loads the real module when called', () => {
    expect(archiver.name).toBe('archiver');
    expect(archiver.toString()).toContain('require(real)');
  });

  it('zips as the real archiver does', async () => {
    const archive = archiver('zip', { zlib: { level: 9 } });
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.pipe(sink);
    archive.append(Buffer.from('hello'), { name: 'hello.txt' });
    await archive.finalize();
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.includes(Buffer.from('hello.txt'))).toBe(true);
  });
});
