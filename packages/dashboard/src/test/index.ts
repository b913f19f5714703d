export {
  type SeedUsageStoreOptions,
  type SeedUsageStoreResult,
  seedUsageStore,
  xssProbe,
} from './seed-usage-store.js';
