/**
 * Draw a digit: pointer input (mouse, pen, touch) on a canvas, MNIST-style preprocessing, live class
 * probabilities and the 28×28 image the model sees.
 * @module
 */
import { mnistify } from "@mnist/idx/image";
import { SoftmaxRegression } from "@mnist/softmax";
import { renderExplanation } from "./explain_view.ts";
import { digitCanvas, type Shape } from "./images.ts";
import type { WireModel } from "./protocol.ts";
import { classLabel } from "./run_data.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The draw-a-digit panel. */
export class DrawPanel {
  readonly #canvas = $<HTMLCanvasElement>("draw-canvas");
  readonly #ctx = this.#canvas.getContext("2d", { willReadFrequently: true })!;
  #model: SoftmaxRegression | null = null;
  #names: readonly string[] | undefined;
  /** The model's image shape: the drawing is fitted to 28×28 as MNIST, then resampled to this. */
  #shape: Shape = [28, 28];
  #last: { x: number; y: number } | null = null;
  #frame = 0;
  /** The test image shown, until the next stroke or clear. */
  #sample: { index: number; label: number } | null = null;
  /** The last 28×28 input as MNIST bytes (null: nothing drawn). */
  input: Uint8Array | null = null;

  constructor() {
    this.clear();
    const c = this.#canvas;
    c.addEventListener("pointerdown", (e) => {
      c.setPointerCapture(e.pointerId);
      this.#last = this.#point(e);
      this.#stroke(this.#last, this.#last, e.pressure);
      e.preventDefault();
    });
    c.addEventListener("pointermove", (e) => {
      if (!this.#last) return;
      // Coalesced events keep fast pen and touch strokes smooth.
      const events = e.getCoalescedEvents?.() ?? [e];
      for (const ev of events.length ? events : [e]) {
        const p = this.#point(ev);
        this.#stroke(this.#last, p, ev.pressure);
        this.#last = p;
      }
      e.preventDefault();
    });
    const end = () => {
      this.#last = null;
    };
    c.addEventListener("pointerup", end);
    c.addEventListener("pointercancel", end);
    $("draw-clear").addEventListener("click", () => this.clear());
    this.#renderBars(null);
  }

  /** Sets the model used for predictions (null: none yet). */
  setModel(model: WireModel | null, names?: readonly string[], shape?: Shape): void {
    this.#model = model && new SoftmaxRegression(model.features, model.classes, model.weight, model.bias);
    this.#names = names;
    const side = model ? Math.round(Math.sqrt(model.features)) : 28;
    this.#shape = shape && model && shape[0] * shape[1] === model.features ? shape : [side, side];
    const input = $<HTMLCanvasElement>("draw-input");
    [input.height, input.width] = this.#shape;
    $("draw-input-h").textContent = `Model input (${this.#shape[0]}×${this.#shape[1]})`;
    $("draw-note").textContent = model
      ? "Draw with a mouse, pen or finger; the prediction updates as you draw."
      : "Draw with a mouse, pen or finger. The model needs training or loading first.";
    this.#schedule();
  }

  /** Clears the drawing. */
  clear(): void {
    this.#ctx.fillStyle = "#000";
    this.#ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    this.#sample = null;
    this.#schedule();
  }

  /** Paints a byte image (e.g. a test image) onto the canvas and says its true class. */
  showDigit(pixels: Uint8Array, shape: Shape = [28, 28], label?: number, index?: number): void {
    this.#ctx.imageSmoothingEnabled = true;
    this.#ctx.drawImage(digitCanvas(pixels, shape), 0, 0, this.#canvas.width, this.#canvas.height);
    const note = $("draw-sample-label");
    note.textContent =
      label === undefined ? "" : `Test image #${index}: true class ${classLabel(this.#names, label)}`;
    if (label === undefined) delete note.dataset.label;
    else note.dataset.label = String(label);
    this.#sample = label === undefined || index === undefined ? null : { index, label };
    this.#schedule();
  }

  #point(e: PointerEvent): { x: number; y: number } {
    const r = this.#canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) / r.width) * this.#canvas.width,
      y: ((e.clientY - r.top) / r.height) * this.#canvas.height,
    };
  }

  #stroke(a: { x: number; y: number }, b: { x: number; y: number }, pressure: number): void {
    const ctx = this.#ctx;
    this.#sample = null;
    ctx.strokeStyle = "#fff";
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    // Mouse reports 0.5 while pressed; pens vary the width a little.
    ctx.lineWidth = 26 * (0.75 + 0.5 * (pressure || 0.5));
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#update();
    });
  }

  #update(): void {
    const { width, height } = this.#canvas;
    const data = this.#ctx.getImageData(0, 0, width, height).data;
    // White ink on an opaque black canvas: never inverted, however much of the border is drawn on.
    const { pixels: mnist, blank } = mnistify({ width, height, channels: 4, data }, { invert: false });
    const [rows, cols] = this.#shape;
    const input = $<HTMLCanvasElement>("draw-input").getContext("2d", { willReadFrequently: true })!;
    input.imageSmoothingEnabled = true;
    input.drawImage(digitCanvas(mnist), 0, 0, cols, rows);
    let pixels = mnist;
    if (rows !== 28 || cols !== 28) {
      const rgba = input.getImageData(0, 0, cols, rows).data;
      pixels = Uint8Array.from({ length: rows * cols }, (_, i) => rgba[i * 4]);
    }
    this.input = blank ? null : pixels;
    this.#renderBars(this.input && this.#model ? this.#model.probabilities(this.input) : null);
    const box = $("draw-explain");
    if (this.input && this.#model) {
      renderExplanation(box, {
        model: this.#model,
        image: this.input,
        shape: this.#shape,
        names: this.#names,
        title: this.#sample ? `test image #${this.#sample.index}` : "your drawing",
        label: this.#sample?.label,
      });
    } else box.replaceChildren();
  }

  #renderBars(p: Float32Array | null): void {
    const list = $("draw-probs");
    const out = $("draw-prediction");
    let best = -1;
    if (p) for (let c = 0; c < p.length; c++) if (best < 0 || p[c] > p[best]) best = c;
    const items: HTMLLIElement[] = [];
    const classes = this.#model?.classes ?? 10;
    for (let c = 0; c < classes; c++) {
      const v = p?.[c] ?? 0;
      const li = document.createElement("li");
      li.className = c === best ? "best" : "";
      const label = document.createElement("span");
      label.textContent = classLabel(this.#names, c);
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.setAttribute("role", "meter");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.setAttribute("aria-valuenow", (v * 100).toFixed(1));
      bar.setAttribute("aria-label", `probability of ${classLabel(this.#names, c)}`);
      const fill = document.createElement("span");
      fill.style.width = `${(v * 100).toFixed(1)}%`;
      bar.append(fill);
      const value = document.createElement("span");
      value.className = "value";
      value.textContent = p ? `${(v * 100).toFixed(1)}%` : "—";
      li.append(label, bar, value);
      items.push(li);
    }
    list.replaceChildren(...items);
    // One label column for every row, as wide as the longest class label.
    const longest = Math.max(...items.map((li) => li.firstChild?.textContent?.length ?? 1));
    list.style.setProperty("--label", `${longest + 1}ch`);
    if (best >= 0 && p) {
      out.textContent = `Prediction: ${classLabel(this.#names, best)} (${(p[best] * 100).toFixed(1)}%)`;
      out.dataset.digit = String(best);
    } else {
      out.textContent = this.#model ? "Prediction: draw a digit" : "Prediction: no model yet";
      delete out.dataset.digit;
    }
  }
}
