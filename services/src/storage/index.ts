export { s3AtEndpoint, s3ConfigFrom, type S3Config } from './config.ts';
export { createObjectStore, type ObjectStore } from './store.ts';
