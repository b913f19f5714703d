import { InvalidOptionError } from '@toolloop/core';

/** The longest delay setTimeout can hold (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

interface NumberRule {
  /** `retry` or `rateLimit`, for the message. */
  owner: string;
  option: string;
  value: unknown;
  /** 'non-negative' allows 0; 'positive' does not. */
  sign: 'non-negative' | 'positive';
  integer?: boolean;
  max?: number;
}

/** Throws InvalidOptionError naming the option unless `value` is a number obeying the rule. */
export function validateNumber(rule: NumberRule): number {
  const { owner, option, value, sign, integer = false, max = Number.MAX_SAFE_INTEGER } = rule;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (sign === 'positive' ? value > 0 : value >= 0) &&
    (!integer || Number.isInteger(value)) &&
    value <= max;
  if (!ok) {
    const kind = `${integer ? 'an integer' : 'a number'} ${sign === 'positive' ? '> 0' : '>= 0'}`;
    throw new InvalidOptionError({
      option,
      message: `${owner}({ ${option} }) must be ${kind} and at most ${max}; got ${describe(value)}.`,
    });
  }
  return value;
}

/** Throws InvalidOptionError naming the option unless `value` is undefined or a function. */
export function validateFunction(owner: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidOptionError({
      option,
      message: `${owner}({ ${option} }) must be a function; got ${describe(value)}.`,
    });
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}
