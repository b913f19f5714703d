// A worker module that forgot to export its agent.
export const instructions = '간결하게 답하세요.';
