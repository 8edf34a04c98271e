import { createObjectStore, s3AtEndpoint, type ObjectStore } from '@parley/services/storage';
import { config } from './config.ts';

let store: ObjectStore | null | undefined;
let signer: ObjectStore | null | undefined;

/** The object store (recordings), or null when none is configured. */
export function objectStore(): ObjectStore | null {
  if (store === undefined) {
    const c = config().s3;
    store = c ? createObjectStore(c) : null;
  }
  return store;
}

/**
 * The store as browsers reach it (S3_PUBLIC_ENDPOINT when set), for presigned URLs: one is only
 * valid for the host it was signed for. Null without an object store.
 */
export function urlSigner(): ObjectStore | null {
  if (signer === undefined) {
    const { s3, s3PublicEndpoint } = config();
    signer = s3
      ? createObjectStore(s3PublicEndpoint ? s3AtEndpoint(s3, s3PublicEndpoint) : s3)
      : null;
  }
  return signer;
}
