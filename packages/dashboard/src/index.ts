/**
 * A local, read-only web page over toolloop's SQLite usage store: usage, cost, request log, tools.
 */
export {
  contentSecurityPolicy,
  type Dashboard,
  type DashboardOptions,
  startDashboard,
} from './server/dashboard-server.js';
export { type OpenUsageStoreOptions, openUsageStore } from './server/open-usage-store.js';
