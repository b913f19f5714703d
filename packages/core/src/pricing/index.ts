export { addCost, computeCost, findPrice } from './compute-cost.js';
export { defaultPrices, type ModelPrice, type PriceTable } from './prices.js';
