// Brings cdktf's jest matcher types (toHaveResourceWithProperties, ...) into the test files.
import 'cdktf/lib/testing/adapters/jest';
