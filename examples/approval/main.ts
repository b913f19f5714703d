// Human approval for tool calls: transfer_money needs a yes before it runs. The run stops with
// stopReason 'approval-required'; its state is stored as JSON (here a file, in real life a
// database) and a second agent — as in another process, later — resumes it with the decision.
// Offline (no OPENAI_API_KEY / OPENAI_BASE_URL) the model is the built-in simulator.
//   npm start                 → approves the transfer
//   npm start -- --reject     → rejects it; the model is told why
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Agent, createAgent, type RunState } from '@toolloop/core';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';
import { defineTool } from '@toolloop/tools';
import { z } from 'zod';

const reject = process.argv.includes('--reject');
const endpoint = await endpointFromEnv();
console.log(endpoint.description);

const transferMoney = defineTool({
  name: 'transfer_money',
  description: 'Transfer money to an account',
  input: z.object({
    account: z.string().describe('target account'),
    amount: z.number().describe('amount in KRW'),
  }),
  // true, or a function of the input: (input) => input.amount > 100_000
  needsApproval: true,
  execute: ({ account, amount }) => {
    console.log(`  (transfer_money ran: ${amount} → ${account})`);
    return { ok: true, account, amount };
  },
});

function makeAgent(): Agent {
  return createAgent({
    model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
    instructions: 'You are a banking assistant. Use transfer_money for transfers.',
    tools: [transferMoney],
  });
}

const dir = await mkdtemp(join(tmpdir(), 'toolloop-approval-'));
try {
  const stateFile = join(dir, 'state.json');
  const first = await makeAgent().run('Transfer money to account 42');
  console.log(`stop: ${first.stopReason}`);
  for (const call of first.pendingApprovals ?? []) {
    console.log(`waiting for approval: ${call.toolName}(${call.arguments}) [${call.toolCallId}]`);
  }
  await writeFile(stateFile, JSON.stringify(first.state));

  // Later, maybe in another process: read the state back and decide.
  const state = JSON.parse(await readFile(stateFile, 'utf8')) as RunState;
  const ids = state.pending.map((call) => call.toolCallId);
  const decision = reject
    ? { reject: ids.map((toolCallId) => ({ toolCallId, reason: 'the account is not on the allow-list' })) }
    : { approve: ids };
  console.log(reject ? 'decision: reject' : 'decision: approve');
  const resumed = await makeAgent().resume(state, decision);
  for (const call of resumed.toolCalls) {
    console.log(
      `result ${call.toolName}: ${call.isError ? `error: ${call.error?.message}` : JSON.stringify(call.output)}`,
    );
  }
  console.log(`stop: ${resumed.stopReason}`);
  console.log(`answer: ${resumed.text}`);
} finally {
  await rm(dir, { recursive: true, force: true });
  await endpoint.close();
}
