// The guide's 멀티모달 입력 section: an image by URL (이미지 URL 사용) and one from a local file sent
// as base64 (Base64 이미지 사용).
import { createAgent, hasErrorCode } from '@toolloop/core';
import { image } from '@toolloop/images';
import { openai } from '@toolloop/openai';
import { endpointFromEnv } from '@toolloop/simulator';

const IMAGE_URL = 'https://upload.wikimedia.org/wikipedia/commons/thumb/3/3a/Cat03.jpg/320px-Cat03.jpg';
const here = new URL('.', import.meta.url);

const endpoint = await endpointFromEnv();
console.error(endpoint.description);

const agent = createAgent({
  model: openai(endpoint.model, { baseURL: endpoint.baseURL, apiKey: endpoint.apiKey }),
  settings: { maxTokens: 300 },
});

try {
  // 이미지 URL 사용 — the URL goes to the provider as is; toolloop does not download it.
  const byUrl = await agent.run([
    {
      role: 'user',
      content: [{ type: 'text', text: '이 이미지에 무엇이 보이나요?' }, image.fromUrl(IMAGE_URL)],
    },
  ]);
  console.log(`[URL] ${byUrl.text}`);

  // Base64 이미지 사용 — read a file safely (inside `root`, ≤ 20 MiB, really a PNG/JPEG/GIF/WebP);
  // the provider sends it as `data:image/png;base64,…`.
  const photo = await image.fromFile(new URL('assets/photo.png', here), { root: here, detail: 'low' });
  const byFile = await agent.run([
    { role: 'user', content: [{ type: 'text', text: '이 사진 분석해줘' }, photo] },
  ]);
  console.log(`[file] ${byFile.text}`);

  // What the checks refuse: a path outside the allowed root never reaches the model.
  try {
    await image.fromFile('/etc/passwd', { root: here });
  } catch (error) {
    if (!hasErrorCode(error, 'image-input')) throw error;
    console.log(`[refused] ${(error as Error).message}`);
  }
} finally {
  await endpoint.close();
}
