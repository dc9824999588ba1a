/**
 * Runs in every test file before its tests (jest setupFilesAfterEnv): cdktf's jest matchers (loaded
 * on first use), and the removal of the file's temporary directories after it. It imports nothing
 * heavy: whatever it loads, every test file pays for.
 */
import './support/cdktf-matchers';
import { removeTempDirs } from './support/temp-dirs';

afterAll(() => {
  removeTempDirs();
});
