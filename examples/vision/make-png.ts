import { testPng } from '@toolloop/core/test';

/** Options of makePng: the size, and optionally the colour of each pixel. */
export interface MakePngOptions {
  width: number;
  height: number;
  /** RGB of one pixel, each 0–255. Default: a gradient (red across, green down, blue constant). */
  pixel?: (x: number, y: number) => [number, number, number];
}

/** A real, decodable PNG (core's `testPng`) — used to make assets/photo.png and the images of the round-trip tests. */
export function makePng({ width, height, pixel }: MakePngOptions): Buffer {
  return testPng(width, height, pixel ? { pixel } : {});
}
