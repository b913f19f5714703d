/** The BPE encodings toolloop counts exactly: OpenAI's current (`o200k_base`) and previous (`cl100k_base`). */
export type EncodingName = 'o200k_base' | 'cl100k_base';

// Order matters: `gpt-4o`, `gpt-4.1` and `gpt-4.5` must match before the plain `gpt-4` family.
const O200K = /^(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o1|o3|o4|codex-mini|computer-use)(?:$|[-.:])/;
const CL100K = /^(?:gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002)(?:$|[-.:])/;

/**
 * The encoding an OpenAI model id tokenizes with, or `undefined` for a model whose tokenizer
 * toolloop does not have (its counts are then the documented approximation). Accepts dated
 * snapshots, vendor prefixes (`openai/gpt-4o`) and fine-tune ids (`ft:gpt-4o-mini:org::id`).
 * @example encodingForModel('gpt-4o-mini-2024-07-18') // 'o200k_base'
 */
export function encodingForModel(modelId: string): EncodingName | undefined {
  let id = modelId.trim().toLowerCase();
  if (id.startsWith('ft:')) id = id.slice(3);
  const slash = id.lastIndexOf('/');
  if (slash >= 0) id = id.slice(slash + 1);
  if (O200K.test(id)) return 'o200k_base';
  if (CL100K.test(id)) return 'cl100k_base';
  return undefined;
}
