import type { FunctionDefinition } from '../types.js';
import { hasHangul, words } from './request-text.js';

// Words that say nothing about which tool fits ("get" is in half of all tool names, "정보" in half
// of the Korean descriptions).
const STOPWORDS = new Set(
  (
    'a an the in on at of to for is are was be me my i you your what whats how get set tell give please and or ' +
    'with about from by this that it do does can could will would should show now today current info ' +
    '정보 특정 가져옵니다 가져오기 가져온다 반환합니다 알려줘 알려주세요 해줘 해주세요 주세요 어때 어때요 뭐야 무엇 어떻게 지금 오늘'
  ).split(' '),
);

// Korean particles glued to a word: 날씨가 → 날씨, 도시의 → 도시.
const PARTICLE = /(?:에서|으로|이나|에게|한테|까지|부터|처럼|을|를|이|가|은|는|의|에|로|과|와|도|만|요)$/;

function normalize(word: string): string {
  if (!hasHangul(word)) return word;
  const stripped = word.replace(PARTICLE, '');
  return stripped.length >= 2 ? stripped : word;
}

function meaningfulWords(text: string): string[] {
  return words(text)
    .map(normalize)
    .filter((word) => word.length >= 2 && !STOPWORDS.has(word));
}

function toolWords(tool: FunctionDefinition): string[] {
  const name = tool.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]/g, ' ');
  return meaningfulWords(`${name} ${tool.description ?? ''}`);
}

function similarity(promptWord: string, toolWord: string): number {
  if (promptWord === toolWord) return 2;
  // Korean attaches particles (날씨가, 도시의), so substrings count; for other scripts only longer
  // stems do, so "in" never matches "info".
  const min = hasHangul(promptWord) ? 2 : 4;
  if (promptWord.length < min || toolWord.length < min) return 0;
  return promptWord.includes(toolWord) || toolWord.includes(promptWord) ? 1 : 0;
}

/**
 * The tool whose name or description shares the most words with the prompt; ties go to the
 * earlier tool; `undefined` when nothing matches at all.
 */
export function pickTool(prompt: string, tools: FunctionDefinition[]): FunctionDefinition | undefined {
  const promptWords = [...new Set(meaningfulWords(prompt))];
  let best: FunctionDefinition | undefined;
  let bestScore = 0;
  for (const tool of tools) {
    const candidates = toolWords(tool);
    let score = 0;
    for (const promptWord of promptWords) {
      let wordScore = 0;
      for (const candidate of candidates) wordScore = Math.max(wordScore, similarity(promptWord, candidate));
      score += wordScore;
    }
    if (score > bestScore) {
      best = tool;
      bestScore = score;
    }
  }
  return best;
}
