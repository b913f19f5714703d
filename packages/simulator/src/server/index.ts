export { redactedCredential } from './request-guard.js';
export { startSimulator } from './start-simulator.js';
