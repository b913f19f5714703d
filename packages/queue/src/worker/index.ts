export { type CreateWorkerOptions, createWorker, type ToolloopWorker } from './create-worker.js';
