export { RedisUnreachableError } from './redis-unreachable-error.js';
