// Regenerates assets/photo.png (a 32×24 gradient): `node --import tsx generate-photo.ts`.
import { writeFile } from 'node:fs/promises';
import { makePng } from './make-png.js';

await writeFile(new URL('./assets/photo.png', import.meta.url), makePng({ width: 32, height: 24 }));
console.log('wrote assets/photo.png');
