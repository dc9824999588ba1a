/**
 * One reader per kind of resource, shared by drift (src/drift/collect.ts) and preflight
 * (src/preflight/checks.ts), with one not-found and error classifier (read.ts).
 */
export * from './read';
export * from './ssm';
export * from './kms';
export * from './logs';
export * from './s3';
export * from './iam';
export * from './lambda';
