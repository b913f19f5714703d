const dateSuffix = /-\d{4}-\d{2}-\d{2}$|-\d{4}$/;

/**
 * The entry of a per-model table for a model id: an exact match, else the id without a date
 * snapshot suffix (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`) or a vendor prefix (`openai/gpt-4o`).
 * No fuzzy prefix matching: a different model looked up as another would be a silent lie.
 */
export function findByModelId<T>(table: Readonly<Record<string, T>>, modelId: string): T | undefined {
  // The usual case, without building the candidate list.
  if (Object.hasOwn(table, modelId)) return table[modelId];
  const candidates = [modelId];
  const slash = modelId.lastIndexOf('/');
  if (slash >= 0) candidates.push(modelId.slice(slash + 1));
  for (const id of [...candidates]) if (dateSuffix.test(id)) candidates.push(id.replace(dateSuffix, ''));
  for (const id of candidates) {
    if (Object.hasOwn(table, id)) return table[id];
  }
  return undefined;
}
