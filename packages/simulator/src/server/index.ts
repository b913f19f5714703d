export { startSimulator } from './start-simulator.js';
