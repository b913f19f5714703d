export { inheritedEnvironment, type StdioEnvironmentOptions, stdioEnvironment } from './stdio-environment.js';
