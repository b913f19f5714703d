import { hasHangul, seedOf } from './request-text.js';

// One story in order; {name} and {animal} (with particles: {name|은|는}) are filled from the prompt's seed so different prompts
// get different (but always the same for the same prompt) stories.
const STORY_SENTENCES = [
  '옛날 옛적, 안개가 자주 끼는 바닷가 마을에 등대지기 {name|이|가} 살았습니다.',
  '{name|은|는} 매일 저녁 등불을 닦으며 먼 바다에서 돌아올 배들을 기다렸습니다.',
  '어느 날 파도 사이로 작은 유리병 하나가 떠밀려 와 모래사장에 멈추었습니다.',
  '병 안에는 누군가 정성껏 접은 낡은 지도 한 장이 들어 있었습니다.',
  '지도에는 마을 뒤편 숲을 지나 오래된 돌다리로 이어지는 길이 그려져 있었습니다.',
  '{name|은|는} 도시락과 손전등을 챙겨 이른 아침 길을 나섰습니다.',
  '숲속에서는 이름 모를 새들이 낯선 손님을 반기듯 노래를 불렀습니다.',
  '돌다리 위에는 길을 잃은 {animal} 한 마리가 조용히 앉아 있었습니다.',
  '{animal|은|는} {name|을|를} 보더니 따라오라는 듯 꼬리를 흔들며 앞장섰습니다.',
  '둘은 개울을 건너고 언덕을 넘어 해가 질 무렵 작은 오두막에 닿았습니다.',
  '오두막에는 오래전 마을을 떠났던 늙은 목수가 혼자 살고 있었습니다.',
  '목수는 지도를 보자 눈가가 촉촉해지며 젊은 시절 이야기를 들려주었습니다.',
  '그는 바다로 떠난 친구에게 보낸 편지가 끝내 닿지 않았다고 말했습니다.',
  '{name|은|는} 그 편지가 바로 유리병 속 지도였다는 사실을 깨달았습니다.',
  '다음 날 두 사람은 함께 마을로 내려가 바닷가에 모닥불을 피웠습니다.',
  '마을 사람들은 하나둘 모여들어 따뜻한 차를 나누며 옛 이야기를 꺼냈습니다.',
  '아이들은 {animal}에게 이름을 지어 주고 저녁 내내 모래 위를 뛰어다녔습니다.',
  '그날 밤 등대의 불빛은 어느 때보다 멀리, 그리고 환하게 퍼져 나갔습니다.',
  '먼 바다를 지나던 배 한 척이 그 불빛을 보고 천천히 항구로 방향을 틀었습니다.',
  '배에서 내린 사람은 다름 아닌 목수가 평생 기다려 온 옛 친구였습니다.',
  '두 노인은 말없이 서로를 끌어안았고 파도 소리가 그 침묵을 채워 주었습니다.',
  '친구는 먼 나라에서 보고 들은 신기한 이야기들을 밤새도록 풀어놓았습니다.',
  '얼음으로 덮인 섬, 하늘을 나는 물고기, 노래하는 사막에 관한 이야기였습니다.',
  '아이들은 눈을 반짝이며 언젠가 그 바다 너머로 떠나겠다고 약속했습니다.',
  '목수는 그 약속을 위해 마을 사람들과 함께 작은 배를 만들기 시작했습니다.',
  '겨울 내내 망치 소리와 웃음소리가 바닷가 작업장에서 끊이지 않았습니다.',
  '봄이 오자 하얀 돛을 단 배가 물 위에 떠올라 햇빛을 받으며 반짝였습니다.',
  "{name|은|는} 배의 이름을 '기다림'이라고 짓자고 조심스럽게 제안했습니다.",
  '모두가 고개를 끄덕였고, {animal}도 동의한다는 듯 크게 한 번 울었습니다.',
  '첫 항해를 떠나는 날, 마을 사람들은 모두 부두에 나와 손을 흔들었습니다.',
  '배는 잔잔한 물결을 가르며 수평선을 향해 천천히 나아갔습니다.',
  '{name|은|는} 등대 꼭대기에서 배가 보이지 않을 때까지 등불을 비추었습니다.',
  '몇 달 뒤 배는 낯선 씨앗과 이야기, 그리고 새로운 친구들을 싣고 돌아왔습니다.',
  '사람들은 그 씨앗을 언덕에 심었고, 이듬해 여름 언덕은 온통 노란 꽃으로 뒤덮였습니다.',
  '새로 온 친구들은 마을에 머물며 아이들에게 별을 보고 길을 찾는 법을 가르쳐 주었습니다.',
  '{animal|은|는} 어느새 마을의 자랑이 되어 등대 계단 아래에서 낮잠을 즐겼습니다.',
  '그 후로 마을 사람들은 해마다 그날이 오면 바닷가에 작은 등불을 띄웠습니다.',
  '그리고 등대지기 {name|은|는} 오늘도 누군가의 돌아올 길을 밝히고 있습니다.',
];
const NAMES = ['하람', '서윤', '도윤', '지우', '민준', '하은', '태오', '소라'];
const ANIMALS = ['여우', '고양이', '강아지', '토끼', '너구리', '다람쥐'];

const SHORT_KO = [
  '핵심 개념을 먼저 정리하고, 작은 예제로 직접 확인해 보는 것이 가장 빠른 이해 방법입니다.',
  '배경과 원리, 그리고 실제 활용 사례를 차례로 살펴보면 전체 그림이 선명해집니다.',
  '정의부터 시작해 장단점과 주의할 점을 비교하면 판단하기 쉬워집니다.',
];
const SHORT_KO_MORE =
  '더 자세한 내용이 필요하면 구체적인 상황을 알려 주세요. 그에 맞춰 단계별로 설명해 드리겠습니다.';
const SHORT_EN = [
  'Start from the core idea, then check it with a small example; that is the quickest way to understand it.',
  'Look at the background, the principle and a real use case in turn, and the whole picture becomes clear.',
  'Begin with a definition, then compare the trade-offs and pitfalls; that makes the decision easier.',
];
const SHORT_EN_MORE =
  'If you need more detail, describe your situation and I will go through it step by step.';

/** A long, deterministic Korean story (~1,500 chars); the prompt's seed picks its hero and animal. */
export function story(prompt: string, brief: boolean): string {
  const seed = seedOf(prompt);
  const name = NAMES[seed % NAMES.length] ?? '하람';
  const animal = ANIMALS[(seed >>> 8) % ANIMALS.length] ?? '여우';
  const sentences = brief ? STORY_SENTENCES.slice(0, 3) : STORY_SENTENCES;
  const words: Record<string, string> = { name, animal };
  return sentences
    .join(' ')
    .replace(
      /\{(name|animal)(?:\|([^|}]*)\|([^}]*))?\}/g,
      (_match, key: string, afterConsonant?: string, afterVowel?: string) => {
        const word = words[key] ?? key;
        if (afterConsonant === undefined) return word;
        return word + (endsWithConsonant(word) ? afterConsonant : (afterVowel ?? ''));
      },
    );
}

/** Korean particles depend on whether the last syllable has a final consonant (받침). */
function endsWithConsonant(word: string): boolean {
  const code = word.charCodeAt(word.length - 1) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 !== 0;
}

/** A short deterministic answer echoing the question's topic. */
export function shortAnswer(prompt: string, brief: boolean): string {
  const topic = prompt.trim().replace(/\s+/g, ' ');
  const shown = topic.length > 40 ? `${topic.slice(0, 40)}…` : topic;
  const seed = seedOf(topic);
  if (hasHangul(topic) || topic === '') {
    const body = SHORT_KO[seed % SHORT_KO.length];
    return `「${shown}」에 대한 답변입니다: ${body}${brief ? '' : ` ${SHORT_KO_MORE}`}`;
  }
  const body = SHORT_EN[seed % SHORT_EN.length];
  return `Answer to "${shown}": ${body}${brief ? '' : ` ${SHORT_EN_MORE}`}`;
}
