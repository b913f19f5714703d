// The price table lives in core (the agent's budgets and `result.cost` use it); re-exported here
// so logging users find prices where they find costs.
export {
  addCost,
  computeCost,
  defaultPrices,
  findPrice,
  type ModelPrice,
  type PriceTable,
} from '@toolloop/core';
