export { type Bill, type BillResponseOptions, billResponse } from './bill-response.js';
export { addCost, computeCost, findPrice, roundUSD } from './compute-cost.js';
export { defaultPrices, type ModelPrice, type PriceTable } from './prices.js';
