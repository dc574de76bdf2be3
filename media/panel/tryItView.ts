// The "Try it" section: draw a digit with the mouse or a pen and watch the run's model answer.
// Strokes are kept as points, so undo is exact and the drawing survives a reload (the panel
// state carries it). The model never sees the themed canvas: the strokes are drawn again
// white on black, MNIST's way, and go through MNIST's own preprocessing (src/digits, the one
// `dnn predict` uses); the 28x28 result is shown beside the canvas and its pixels are sent to
// the host, whose worker runs the model. While drawing, at most one request is in flight and
// they leave at most every PREDICT_INTERVAL_MS.
import type { Drawing, ModelSummary, PredictionAnswer } from '../../client/src/panel/messages';
import { digitRgba } from '../../client/src/panel/view/digits';
import { formatPercent, shortName } from '../../client/src/panel/view/format';
import { DIGIT_INPUTS_TEXT, takesOneDigit } from '../../src/digits/digit-input';
import { DIGIT_SIDE, preprocessDigit } from '../../src/digits/mnist-preprocess';
import { formatShape } from '../../src/language/shapes';
import { html, replaceContent, svg } from './dom';
import { themeColour } from './theme';

const CANVAS_SIDE = 280;
/** About MNIST's stroke: 2 to 3 pixels of 28 once the digit is fitted into 20x20. */
const PEN_WIDTH = 18;
const PREDICT_INTERVAL_MS = 80;
const BAR_WIDTH = 160;
const BAR_ROW = 18;

export interface TryItPorts {
  predict(id: number, pixels: number[]): void;
  /** The drawing changed (a stroke ended, undo, clear): the page keeps it with setState. */
  drawingChanged(drawing: Drawing): void;
}

/** Why the canvas is not offered, or undefined when it is. */
export function tryItBlocker(runDir: string | undefined, summary: ModelSummary | undefined, running: boolean): string | undefined {
  const input = summary?.layers.find((layer) => layer.type === 'Input')?.outputShape;
  if (input && !takesOneDigit(input.slice(1))) {
    return `Try it needs a model of 28x28 grey images, ${DIGIT_INPUTS_TEXT}; this model's Input is ${formatShape(input.slice(1))}.`;
  }
  if (runDir) return undefined;
  return running ? 'Try it opens when the training ends: the model is saved then.' : 'Train the model (or evaluate a run) to try it on your own digits.';
}

export class TryItView {
  readonly element = html('div', { class: 'try-it', id: 'try-it', 'data-testid': 'try-it' });
  private strokes: number[][] = [];
  private drawingNow: number[] | undefined;
  private canvas: HTMLCanvasElement | undefined;
  private seen: HTMLCanvasElement | undefined;
  private bars = html('div', { class: 'try-bars', 'data-testid': 'try-bars' });
  private top = html('div', { class: 'try-top', 'data-testid': 'try-top', role: 'status', 'aria-live': 'polite' });
  private runDir: string | undefined;
  private nextId = 1;
  private inFlight: number | undefined;
  private latest = 0;
  private again = false;
  private lastSent = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ports: TryItPorts) {}

  /** The drawing of a saved state (a restored panel); ignored once the user has drawn here. */
  restore(drawing: Drawing | undefined): void {
    if (this.strokes.length > 0 || !drawing || !Array.isArray(drawing.strokes)) return;
    this.strokes = drawing.strokes.filter((s) => Array.isArray(s) && s.length >= 2 && s.every((v) => typeof v === 'number'));
    this.redraw();
  }

  drawing(): Drawing {
    return { strokes: this.strokes };
  }

  /** Shows the canvas for `runDir`'s model, or `blocker` instead of it. */
  show(runDir: string | undefined, blocker: string | undefined): void {
    this.runDir = blocker ? undefined : runDir;
    if (blocker) {
      this.canvas = undefined;
      replaceContent(this.element, html('p', { class: 'empty', 'data-testid': 'try-it-unavailable' }, blocker));
      return;
    }
    if (!this.canvas) this.build();
    this.redraw();
    this.requestPrediction();
  }

  receive(answer: PredictionAnswer): void {
    if (answer.id === this.inFlight) this.inFlight = undefined;
    if (answer.id === this.latest && this.strokes.length + (this.drawingNow ? 1 : 0) > 0) {
      if ('error' in answer) {
        replaceContent(this.top, html('span', { class: 'error', role: 'alert' }, answer.error));
        replaceContent(this.bars);
      } else if (answer.runDir === this.runDir) {
        this.showProbabilities(answer.classNames, answer.probabilities);
      }
    }
    if (this.again) {
      this.again = false;
      this.requestPrediction();
    }
  }

  private build(): void {
    const canvas = html('canvas', {
      width: CANVAS_SIDE,
      height: CANVAS_SIDE,
      class: 'try-canvas',
      id: 'try-canvas',
      'data-testid': 'try-canvas',
      tabindex: 0,
      role: 'img',
      'aria-label': 'Drawing area: draw a digit with the mouse or a pen. Ctrl+Z undoes the last stroke, Delete clears.',
    });
    this.canvas = canvas;
    this.seen = html('canvas', { width: DIGIT_SIDE, height: DIGIT_SIDE, class: 'try-seen', 'data-testid': 'try-seen', role: 'img', 'aria-label': 'the 28x28 image the model sees' });
    canvas.addEventListener('pointerdown', (event) => this.penDown(event));
    canvas.addEventListener('pointermove', (event) => this.penMove(event));
    canvas.addEventListener('pointerup', () => this.penUp());
    canvas.addEventListener('pointercancel', () => this.penUp());
    canvas.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') this.undo();
      else if (event.key === 'Delete' || event.key === 'Backspace' || event.key === 'Escape') this.clear();
      else return;
      event.preventDefault();
    });
    const undo = html('button', { type: 'button', class: 'secondary', 'data-testid': 'try-undo' }, 'Undo');
    undo.addEventListener('click', () => this.undo());
    const clear = html('button', { type: 'button', class: 'secondary', 'data-testid': 'try-clear' }, 'Clear');
    clear.addEventListener('click', () => this.clear());
    replaceContent(
      this.element,
      html('div', { class: 'try-grid' },
        html('figure', { class: 'try-draw' }, canvas, html('div', { class: 'try-actions' }, undo, clear)),
        html('figure', { class: 'try-model-view' }, html('figcaption', {}, 'What the model sees (28x28)'), this.seen),
        html('figure', { class: 'try-answer' }, html('figcaption', {}, 'Probabilities'), this.top, this.bars),
      ),
    );
  }

  private point(event: PointerEvent): [number, number] {
    const box = (this.canvas as HTMLCanvasElement).getBoundingClientRect();
    const x = ((event.clientX - box.left) * CANVAS_SIDE) / Math.max(1, box.width);
    const y = ((event.clientY - box.top) * CANVAS_SIDE) / Math.max(1, box.height);
    return [Math.round(Math.min(CANVAS_SIDE, Math.max(0, x))), Math.round(Math.min(CANVAS_SIDE, Math.max(0, y)))];
  }

  private penDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.canvas?.setPointerCapture(event.pointerId);
    this.drawingNow = [...this.point(event)];
    this.redraw();
    this.requestPrediction();
  }

  private penMove(event: PointerEvent): void {
    if (!this.drawingNow) return;
    this.drawingNow.push(...this.point(event));
    this.redraw();
    this.requestPrediction();
  }

  private penUp(): void {
    if (!this.drawingNow) return;
    this.strokes = [...this.strokes, this.drawingNow];
    this.drawingNow = undefined;
    this.changed();
  }

  private undo(): void {
    if (this.strokes.length === 0) return;
    this.strokes = this.strokes.slice(0, -1);
    this.changed();
  }

  private clear(): void {
    this.strokes = [];
    this.changed();
  }

  private changed(): void {
    this.ports.drawingChanged(this.drawing());
    this.redraw();
    this.requestPrediction();
  }

  private allStrokes(): number[][] {
    return this.drawingNow ? [...this.strokes, this.drawingNow] : this.strokes;
  }

  /** The themed canvas, and the 28x28 image of the same strokes white on black, preprocessed. */
  private redraw(): void {
    const context = this.canvas?.getContext('2d');
    if (!context) return;
    const ink = themeColour('--vscode-editor-foreground');
    context.clearRect(0, 0, CANVAS_SIDE, CANVAS_SIDE);
    paintStrokes(context, this.allStrokes(), `rgb(${ink.r}, ${ink.g}, ${ink.b})`);
    const seen = this.seen?.getContext('2d');
    const pixels = this.modelPixels();
    if (seen) seen.putImageData(new ImageData(digitRgba(Array.from(pixels, (v) => Math.round(v * 255)), ink), DIGIT_SIDE, DIGIT_SIDE), 0, 0);
    if (this.allStrokes().length === 0) this.showEmpty();
  }

  private modelPixels(): Float32Array {
    const offscreen = document.createElement('canvas');
    offscreen.width = CANVAS_SIDE;
    offscreen.height = CANVAS_SIDE;
    const context = offscreen.getContext('2d');
    if (!context) return new Float32Array(DIGIT_SIDE * DIGIT_SIDE);
    context.fillStyle = '#000';
    context.fillRect(0, 0, CANVAS_SIDE, CANVAS_SIDE);
    paintStrokes(context, this.allStrokes(), '#fff');
    return preprocessDigit(context.getImageData(0, 0, CANVAS_SIDE, CANVAS_SIDE)).pixels;
  }

  private requestPrediction(): void {
    if (!this.runDir || !this.canvas || this.allStrokes().length === 0) return;
    if (this.inFlight !== undefined) {
      this.again = true;
      return;
    }
    const wait = this.lastSent + PREDICT_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.requestPrediction();
      }, wait);
      return;
    }
    const id = this.nextId++;
    this.inFlight = id;
    this.latest = id;
    this.lastSent = performance.now();
    this.ports.predict(id, Array.from(this.modelPixels()));
  }

  private showEmpty(): void {
    replaceContent(this.top, html('span', { class: 'empty' }, 'Draw a digit in the box.'));
    replaceContent(this.bars);
  }

  private showProbabilities(names: readonly string[], probabilities: readonly number[]): void {
    let best = 0;
    probabilities.forEach((p, i) => {
      if (p > probabilities[best]) best = i;
    });
    replaceContent(this.top,
      html('span', { class: 'try-top-class', 'data-testid': 'try-top-class', 'data-class': names[best] }, names[best]),
      ` ${formatPercent(probabilities[best] ?? 0, 1)}`);
    const label = 10 + 6.5 * Math.max(1, ...names.map((n) => shortName(n).length));
    const root = svg('svg', { class: 'try-bar-chart', viewBox: `0 0 ${label + BAR_WIDTH + 50} ${names.length * BAR_ROW}`, width: label + BAR_WIDTH + 50, role: 'img', 'aria-label': 'probability of each class' });
    names.forEach((name, i) => {
      const y = i * BAR_ROW;
      root.append(svg('g', { class: i === best ? 'try-bar top' : 'try-bar', 'data-testid': 'try-bar', 'data-class': name, 'data-probability': probabilities[i].toFixed(6) },
        svg('title', {}, `${name}: ${formatPercent(probabilities[i], 2)}`),
        svg('text', { class: 'bar-name', x: label - 6, y: y + 13, 'text-anchor': 'end' }, shortName(name)),
        svg('rect', { class: 'bar-track', x: label, y: y + 3, width: BAR_WIDTH, height: BAR_ROW - 6, rx: 2 }),
        svg('rect', { class: 'bar-value', x: label, y: y + 3, width: (BAR_WIDTH * Math.min(1, Math.max(0, probabilities[i]))).toFixed(1), height: BAR_ROW - 6, rx: 2 }),
        svg('text', { class: 'bar-percent', x: label + BAR_WIDTH + 6, y: y + 13 }, formatPercent(probabilities[i], 1)),
      ));
    });
    replaceContent(this.bars, root);
  }
}

function paintStrokes(context: CanvasRenderingContext2D, strokes: readonly number[][], colour: string): void {
  context.strokeStyle = colour;
  context.lineWidth = PEN_WIDTH;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  for (const stroke of strokes) {
    context.beginPath();
    context.moveTo(stroke[0], stroke[1]);
    // A tap is a dot: a line of length 0 with round caps.
    if (stroke.length === 2) context.lineTo(stroke[0], stroke[1]);
    for (let i = 2; i + 1 < stroke.length; i += 2) context.lineTo(stroke[i], stroke[i + 1]);
    context.stroke();
  }
}
