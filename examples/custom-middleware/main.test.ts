import { describe, expect, it } from 'vitest';
import { runExample } from '../run-example.js';

describe('examples/custom-middleware', () => {
  it('masks the phone number before it leaves and denies the unapproved tool', async () => {
    const { code, stdout } = await runExample('custom-middleware');
    expect(code).toBe(0);
    expect(stdout).toContain('[mask] 모델로 보내는 질문: 서울 날씨를 확인해서 [전화번호] 번호로 문자 보내줘');
    expect(stdout).not.toMatch(/모델로 보내는 질문: .*010-1234-5678/);
    expect(stdout).toMatch(/get_weather: \{"city":"서울"/);
    expect(stdout).toContain('[approval] send_sms 실행이 거부되었습니다.');
    expect(stdout).toContain('send_sms: 오류 — The user did not approve running send_sms.');
  });
});
