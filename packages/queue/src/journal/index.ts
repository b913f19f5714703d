export type { QueueToolContext } from './journal-tools.js';
