// One pass over the text in pieces, each priced by its script. The weights were fitted to
// o200k_base (OpenAI's current encoding, and close to other ~100–200k-token BPE vocabularies)
// on this repository's English and Korean docs, the Korean guide, TypeScript sources and emoji
// text; docs/usage-and-cost.md states the measured error and tokens.test.ts asserts it.
const PIECE =
  /(\p{Script=Hangul}+)|((?:\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\u30fc)+)|([A-Za-z]+)|(\p{N}+)|(\p{L}[\p{L}\p{M}]*)|(\p{Extended_Pictographic}(?:\ufe0f|\u200d\p{Extended_Pictographic}|\p{Emoji_Modifier})*)|([\r\n]+)|([ \t]{2,})|( )|([\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+)|([^\s\p{L}\p{N}])|(\s)/gu;

/** Tokens per Hangul syllable: Korean runs ~0.74 (the guide's bad prompt: 63 characters, 32 tokens). */
const HANGUL = 0.74;
/** Tokens per Han ideograph or kana. */
const CJK = 0.8;
/** A Latin word up to 9 letters is one token; longer words add one token per 3.5 letters. */
const WORD_LETTERS = 9;
const LETTERS_PER_EXTRA_TOKEN = 3.5;
/** Tokens per letter of other scripts (Cyrillic, Greek, Arabic, Thai, accented runs…). */
const OTHER_LETTER = 0.85;
/** An emoji, plus this much per joined part (ZWJ sequences, skin tones, variation selectors). */
const EMOJI = 1.5;
/** Runs of ASCII punctuation merge (`");`, `=>`), ~0.15 tokens a character, at least one token. */
const PUNCTUATION = 0.15;
/** Any other symbol (box drawing, arrows, °). */
const SYMBOL = 0.6;
/** Indentation and other runs of blanks; a single space mostly rides on the next word. */
const INDENT = 0.4;
const SPACE = 0.1;

/**
 * A token count for text whose tokenizer toolloop does not have: priced by script (Hangul, CJK,
 * Latin words, digits in groups of three, punctuation runs, emoji) instead of a quarter of the
 * characters, which undercounts Korean by half. Within ~4% on average and ~25% at worst of
 * o200k_base on paragraphs of 20+ tokens (docs/usage-and-cost.md has the figures).
 * @example approximateTokens('AI란?') // 3 (o200k_base: 3)
 */
export function approximateTokens(text: string): number {
  if (text === '') return 0;
  let tokens = 0;
  for (const piece of text.matchAll(PIECE)) {
    if (piece[1] !== undefined) tokens += piece[1].length * HANGUL;
    else if (piece[2] !== undefined) tokens += piece[2].length * CJK;
    else if (piece[3] !== undefined) {
      const letters = piece[3].length;
      tokens += letters <= WORD_LETTERS ? 1 : 1 + (letters - WORD_LETTERS) / LETTERS_PER_EXTRA_TOKEN;
    } else if (piece[4] !== undefined) tokens += Math.ceil(piece[4].length / 3);
    else if (piece[5] !== undefined) tokens += piece[5].length * OTHER_LETTER;
    else if (piece[6] !== undefined) {
      // One astral emoji or a BMP symbol with its variation selector is a single emoji.
      tokens += EMOJI + (piece[6].length > 2 ? ([...piece[6]].length - 1) * EMOJI : 0);
    } else if (piece[7] !== undefined)
      continue; // newlines merge with the punctuation before them
    else if (piece[8] !== undefined) tokens += INDENT;
    else if (piece[9] !== undefined) tokens += SPACE;
    else if (piece[10] !== undefined) tokens += Math.max(1, piece[10].length * PUNCTUATION);
    else if (piece[11] !== undefined) tokens += SYMBOL;
    else tokens += 1;
  }
  return Math.max(1, Math.round(tokens));
}
