// MNIST's preprocessing of a digit from anywhere: real MNIST test digits, moved off-centre,
// drawn dark on light, enlarged and put on a bigger page (as a photo of paper is), come back
// close to the original 28x28 the model was trained on.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readIdxImages } from '../../src/engine/data/idx';
import { mnistFiles } from '../../src/engine/data/mnist';
import { preprocessDigit, type RgbaImage } from '../../src/digits/mnist-preprocess';

const SIDE = 28;
let digits: Uint8Array;

function original(index: number): Float32Array {
  return Float32Array.from(digits.subarray(index * SIDE * SIDE, (index + 1) * SIDE * SIDE), (v) => v / 255);
}

interface Page {
  width: number;
  height: number;
  /** Top-left corner of the digit on the page. */
  at: [number, number];
  /** Each MNIST pixel becomes a `scale x scale` square. */
  scale: number;
  paper: number;
  ink: number;
}

/** The digit drawn with `ink` on `paper` (grey levels), enlarged smoothly (bilinear), somewhere on a page: RGBA bytes. */
function onPaper(index: number, page: Page): RgbaImage {
  const data = new Uint8Array(page.width * page.height * 4);
  const source = digits.subarray(index * SIDE * SIDE);
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < SIDE && y < SIDE ? source[y * SIDE + x] / 255 : 0);
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      // Pixel centres map to pixel centres, as image editors enlarge.
      const sx = (x - page.at[0] + 0.5) / page.scale - 0.5;
      const sy = (y - page.at[1] + 0.5) / page.scale - 0.5;
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      const amount =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      const grey = Math.round(page.paper + amount * (page.ink - page.paper));
      data.set([grey, grey, grey, 255], 4 * (y * page.width + x));
    }
  }
  return { width: page.width, height: page.height, data };
}

/** Mean absolute difference per pixel, in [0, 1]. */
function distance(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
}

describe('MNIST preprocessing of a digit', () => {
  before(async () => {
    digits = (await readIdxImages(mnistFiles().testImages)).pixels;
  });

  it('brings an off-centre, dark-on-light, enlarged digit back to within a small distance of the original', { timeout: 30_000 }, () => {
    const distances: number[] = [];
    for (let index = 0; index < 20; index++) {
      const page = { width: 240, height: 180, at: [110, 20] as [number, number], scale: 4.6, paper: 255, ink: 0 };
      const digit = preprocessDigit(onPaper(index, page));
      assert.equal(digit.hasInk, true);
      assert.equal(digit.pixels.length, 784);
      assert.ok(digit.pixels.every((v) => v >= 0 && v <= 1));
      const toOriginal = distance(digit.pixels, original(index));
      // A different digit is how far "not the same image" is; the way back must be far closer.
      const toAnother = distance(original(index + 1), original(index));
      distances.push(toOriginal);
      assert.ok(toOriginal < 0.07, `digit ${index}: distance ${toOriginal.toFixed(4)} to the original`);
      assert.ok(toOriginal < toAnother / 3, `digit ${index}: ${toOriginal.toFixed(4)} vs ${toAnother.toFixed(4)} to another digit`);
    }
    const mean = distances.reduce((a, b) => a + b, 0) / distances.length;
    assert.ok(mean < 0.04, `mean distance ${mean.toFixed(4)} (${distances.map((d) => d.toFixed(3)).join(' ')})`);
  });

  it('takes light-on-dark as it is, removes a grey paper background and finds the same digit in a photo-like page', { timeout: 30_000 }, () => {
    const lightOnDark = preprocessDigit(onPaper(3, { width: 150, height: 200, at: [5, 60], scale: 4, paper: 0, ink: 255 }));
    assert.ok(distance(lightOnDark.pixels, original(3)) < 0.04);
    const greyPaper = preprocessDigit(onPaper(3, { width: 300, height: 260, at: [20, 100], scale: 6, paper: 200, ink: 40 }));
    assert.ok(distance(greyPaper.pixels, original(3)) < 0.04, `distance ${distance(greyPaper.pixels, original(3))}`);
  });

  it('keeps the aspect ratio and centres by the centre of mass', { timeout: 30_000 }, () => {
    // A vertical bar 10 wide and 100 tall: fitted to 2x20, in the middle of 28x28.
    const width = 60;
    const height = 140;
    const data = new Uint8Array(width * height * 4).fill(255);
    for (let y = 20; y < 120; y++) for (let x = 5; x < 15; x++) data.fill(0, 4 * (y * width + x), 4 * (y * width + x) + 3);
    const { pixels } = preprocessDigit({ width, height, data });
    const inked = [...pixels.keys()].filter((i) => pixels[i] > 0.5);
    const columns = new Set(inked.map((i) => i % SIDE));
    const rows = new Set(inked.map((i) => Math.floor(i / SIDE)));
    assert.equal(columns.size, 2);
    assert.equal(rows.size, 20);
    // MNIST's convention: the centre of mass, in pixel indices, at 14 (within the half pixel rounding leaves).
    const mass = pixels.reduce((a, b) => a + b, 0);
    const centre = [...pixels.keys()].reduce((sum, i) => [sum[0] + pixels[i] * (i % SIDE), sum[1] + pixels[i] * Math.floor(i / SIDE)], [0, 0]);
    assert.ok(Math.abs(centre[0] / mass - 14) <= 0.5 && Math.abs(centre[1] / mass - 14) <= 0.5, `centre ${centre.map((c) => c / mass)}`);
  });

  it('says when there is no ink (a blank canvas, transparent pixels seen over white)', { timeout: 30_000 }, () => {
    const blank = preprocessDigit({ width: 280, height: 280, data: new Uint8Array(280 * 280 * 4) });
    assert.equal(blank.hasInk, false);
    assert.ok(blank.pixels.every((v) => v === 0));
  });
});
