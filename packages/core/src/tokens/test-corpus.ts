import { readFileSync } from 'node:fs';

const read = (name: string) =>
  readFileSync(new URL(`./__fixtures__/corpus/${name}`, import.meta.url), 'utf8');

/** The guide's 토큰 최적화 prompts. */
export const GUIDE_GOOD_SYSTEM = '간결하게 답변해주세요.';
export const GUIDE_GOOD_USER = 'AI란?';
export const GUIDE_BAD_USER =
  '안녕하세요! 저는 AI에 대해 궁금한 것이 있어서요. AI가 정확히 무엇인지 자세하고 길게 설명해주실 수 있나요?';

/** Test corpus (test-only): English and Korean prose, code, emoji, the guide's prompts; [kind, text]. */
export function corpus(): Array<[string, string]> {
  const samples: Array<[string, string]> = [];
  for (const [kind, file] of [
    ['english', 'english.txt'],
    ['korean', 'korean.txt'],
    ['code', 'code.txt'],
  ] as const) {
    for (const paragraph of read(file).trim().split(/\n\n+/)) samples.push([kind, paragraph]);
  }
  for (const line of read('emoji.txt').trim().split('\n')) samples.push(['emoji', line]);
  samples.push(['guide', GUIDE_GOOD_SYSTEM], ['guide', GUIDE_GOOD_USER], ['guide', GUIDE_BAD_USER]);
  return samples;
}
