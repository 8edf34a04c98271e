export { s3AtEndpoint, s3ConfigFrom, type S3Config } from './config.ts';
export { MIN_PART_BYTES, createObjectStore, type ObjectStore } from './store.ts';
