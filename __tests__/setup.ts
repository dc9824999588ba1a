/** Runs in every test file before its tests (jest setupFilesAfterEnv): cdktf's jest matchers. */
import { Testing } from 'cdktf';

Testing.setupJest();
