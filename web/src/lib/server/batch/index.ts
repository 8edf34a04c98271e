export { batchLookups } from './lookups.ts';
