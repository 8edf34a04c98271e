import type { ObjectStore, S3Config } from './store.ts';

/**
 * The S3 store with its client loaded on first use. Every meeting job may record, but most
 * never touch S3, and loading the S3 client costs each job process about 40 MB.
 */
export function createLazyS3Store(config: S3Config): ObjectStore {
  let real: Promise<ObjectStore> | null = null;
  const get = () => (real ??= import('./store.ts').then((m) => m.createS3Store(config)));
  return {
    createMultipart: async (...a) => (await get()).createMultipart(...a),
    uploadPart: async (...a) => (await get()).uploadPart(...a),
    completeMultipart: async (...a) => (await get()).completeMultipart(...a),
    abortMultipart: async (...a) => (await get()).abortMultipart(...a),
    putObject: async (...a) => (await get()).putObject(...a),
    statSize: async (...a) => (await get()).statSize(...a),
    removeObjects: async (...a) => (await get()).removeObjects(...a),
  };
}
