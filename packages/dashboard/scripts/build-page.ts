/** Bundles the page (TypeScript + uPlot) into `page/`, which the server serves: no CDN, no network at run time. */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}page/`;
await mkdir(out, { recursive: true });
await build({
  entryPoints: [`${root}src/page/app.ts`],
  outfile: `${out}app.js`,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'none',
});
const uplotCss = await readFile(createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css'), 'utf8');
await writeFile(`${out}app.css`, uplotCss + (await readFile(`${root}src/page/app.css`, 'utf8')));
await copyFile(`${root}src/page/index.html`, `${out}index.html`);
