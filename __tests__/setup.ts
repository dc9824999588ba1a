/** Runs in every test file before its tests (jest setupFilesAfterEnv): cdktf's jest matchers, and the removal of the file's temporary directories after it. */
import { Testing } from 'cdktf';
import { removeTempDirs } from './helpers';

Testing.setupJest();

afterAll(() => {
  removeTempDirs();
});
