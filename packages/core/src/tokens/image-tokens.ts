import type { ImageDetail } from '../messages/message.js';
import type { ImageSize } from './image-dimensions.js';

/**
 * How a model bills an image (OpenAI "Images and vision" guide, "Calculating costs"):
 * `tiles` — low detail costs `base`; high detail scales the image to fit 2048×2048, then its
 * shortest side down to 768, and adds `perTile` per 512-px tile; `patches` — one token per
 * 32×32 patch (at most 1536, the image scaled down to fit), times `multiplier`.
 */
export type ImageTokenRule =
  | { kind: 'tiles'; base: number; perTile: number }
  | { kind: 'patches'; multiplier: number };

const GPT_4O: ImageTokenRule = { kind: 'tiles', base: 85, perTile: 170 };

// Longest prefix first. gpt-4o-mini bills more tokens per image at its lower price, so an image
// costs it what it costs gpt-4o; the community's API measurements (128×64: 2,845 tokens low,
// 8,512 high, with 12 of text) agree with the documented 2,833 + 5,667 per tile.
const RULES: ReadonlyArray<readonly [string, ImageTokenRule]> = [
  ['gpt-4o-mini', { kind: 'tiles', base: 2833, perTile: 5667 }],
  ['gpt-4.1-mini', { kind: 'patches', multiplier: 1.62 }],
  ['gpt-4.1-nano', { kind: 'patches', multiplier: 2.46 }],
  ['gpt-5-mini', { kind: 'patches', multiplier: 1.62 }],
  ['gpt-5-nano', { kind: 'patches', multiplier: 2.46 }],
  ['o4-mini', { kind: 'patches', multiplier: 1.72 }],
  ['gpt-5', { kind: 'tiles', base: 70, perTile: 140 }],
  ['o1', { kind: 'tiles', base: 75, perTile: 150 }],
  ['o3', { kind: 'tiles', base: 75, perTile: 150 }],
  ['computer-use-preview', { kind: 'tiles', base: 65, perTile: 129 }],
];

/** The image rule of a model id (vendor prefix and snapshot date allowed); gpt-4o's 85 + 170 per tile otherwise. */
export function imageTokenRule(modelId: string): ImageTokenRule {
  const id = modelId.slice(modelId.lastIndexOf('/') + 1).toLowerCase();
  for (const [prefix, rule] of RULES) {
    if (id === prefix || id.startsWith(`${prefix}-`)) return rule;
  }
  return GPT_4O;
}

/**
 * The size assumed for an image whose bytes are not at hand (an `https:` URL): 1024×1024,
 * 765 tokens at high detail on gpt-4o — what a phone photo costs (4032×3024 scales to 1024×768,
 * the same four tiles). A 1920×1080 screenshot costs six tiles (1,105 tokens), a 512×512 image two.
 */
export const DEFAULT_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };

function tileCount({ width, height }: ImageSize): number {
  // Scale to fit a 2048×2048 square, then the shortest side to 768 — never up.
  const fit = Math.min(1, 2048 / Math.max(width, height));
  let w = width * fit;
  let h = height * fit;
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    w = (w * 768) / shortest;
    h = (h * 768) / shortest;
  }
  return Math.ceil(Math.floor(w) / 512) * Math.ceil(Math.floor(h) / 512);
}

function patchCount({ width, height }: ImageSize): number {
  const cap = 1536;
  const patches = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (patches <= cap) return patches;
  // The guide's steps: shrink to about the cap, then again so the width is whole patches
  // (1800×2400 → 1086×1448 → 1056×1408: 33 × 44 = 1452 patches).
  const shrink = Math.sqrt((cap * 32 * 32) / (width * height));
  const across = (width * shrink) / 32;
  const columns = Math.floor(across);
  const rows = Math.ceil(Math.floor((height * shrink * columns) / across) / 32);
  return Math.min(cap, columns * rows);
}

/**
 * Input tokens of one image part for a model: `detail: 'low'` is the fixed base, `high` and
 * `auto` (which picks high for anything but tiny images) follow the model's size rule.
 * @example imageTokens({ width: 1024, height: 1024 }, 'high', 'gpt-4o') // 765
 */
export function imageTokens(size: ImageSize, detail: ImageDetail | undefined, modelId: string): number {
  const rule = imageTokenRule(modelId);
  if (rule.kind === 'patches') return Math.ceil(patchCount(size) * rule.multiplier);
  if (detail === 'low') return rule.base;
  return rule.base + rule.perTile * tileCount(size);
}
