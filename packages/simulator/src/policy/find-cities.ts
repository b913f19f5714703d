const KOREAN_CITIES = [
  '서울',
  '부산',
  '인천',
  '대구',
  '대전',
  '광주',
  '울산',
  '수원',
  '제주',
  '세종',
  '춘천',
  '강릉',
  '전주',
  '포항',
  '창원',
  '도쿄',
  '오사카',
  '교토',
  '베이징',
  '상하이',
  '홍콩',
  '타이베이',
  '싱가포르',
  '방콕',
  '하노이',
  '뉴욕',
  '로스앤젤레스',
  '샌프란시스코',
  '시카고',
  '보스턴',
  '시애틀',
  '런던',
  '파리',
  '베를린',
  '로마',
  '마드리드',
  '모스크바',
  '시드니',
  '멜버른',
  '토론토',
  '밴쿠버',
  '두바이',
  '암스테르담',
  '빈',
  '이스탄불',
].filter((city) => city.length >= 2);

const ENGLISH_CITIES = [
  'Seoul',
  'Busan',
  'Incheon',
  'Daegu',
  'Daejeon',
  'Gwangju',
  'Ulsan',
  'Suwon',
  'Jeju',
  'Tokyo',
  'Osaka',
  'Kyoto',
  'Beijing',
  'Shanghai',
  'Hong Kong',
  'Taipei',
  'Singapore',
  'Bangkok',
  'Hanoi',
  'New York',
  'Los Angeles',
  'San Francisco',
  'Chicago',
  'Boston',
  'Seattle',
  'London',
  'Paris',
  'Berlin',
  'Rome',
  'Madrid',
  'Moscow',
  'Sydney',
  'Melbourne',
  'Toronto',
  'Vancouver',
  'Dubai',
  'Edinburgh',
  'Amsterdam',
  'Vienna',
  'Istanbul',
  'Cairo',
  'Mumbai',
  'Delhi',
  'Mexico City',
];

const LETTER = /\p{L}/u;

/**
 * Cities named in the prompt, in the order they appear, each once. Korean names match as
 * substrings (particles attach to them: 서울과, 부산의); English names match as whole words.
 */
export function findCities(prompt: string): string[] {
  const found: Array<{ city: string; at: number }> = [];
  for (const city of KOREAN_CITIES) {
    const at = prompt.indexOf(city);
    if (at >= 0) found.push({ city, at });
  }
  const lower = prompt.toLowerCase();
  for (const city of ENGLISH_CITIES) {
    let at = lower.indexOf(city.toLowerCase());
    while (at >= 0) {
      const before = lower[at - 1];
      const after = lower[at + city.length];
      if ((before === undefined || !LETTER.test(before)) && (after === undefined || !LETTER.test(after))) {
        found.push({ city, at });
        break;
      }
      at = lower.indexOf(city.toLowerCase(), at + 1);
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found.map((entry) => entry.city);
}
