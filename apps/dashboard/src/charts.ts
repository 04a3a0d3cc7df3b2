/**
 * The run's charts (thin stand-in until `@mnist/metrics/plot` lands): accuracy and loss per epoch,
 * train against test, and loss per step. Appends mark the data dirty; one commit per animation frame.
 * @module
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { EpochRecord, StepRecord } from "@mnist/metrics";

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function baseOptions(width: number, xLabel: string, yLabel: string, series: uPlot.Series[]): uPlot.Options {
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: () => css("--fg"),
    grid: { stroke: () => css("--grid"), width: 1 },
    ticks: { stroke: () => css("--grid"), width: 1 },
  });
  return {
    width,
    height: 220,
    scales: { x: { time: false } },
    axes: [axis(xLabel), axis(yLabel)],
    series: [{ label: xLabel }, ...series],
    cursor: { drag: { x: false, y: false } },
  };
}

function line(label: string, color: string, points = true): uPlot.Series {
  return {
    label,
    stroke: () => css(color),
    width: 2,
    points: { show: points, size: 6, fill: () => css(color) },
  };
}

/** Accuracy, loss and step-loss charts fed by run-log records. */
export class RunCharts {
  readonly #accuracy: uPlot;
  readonly #loss: uPlot;
  readonly #steps: uPlot;
  readonly #stepsNote: HTMLElement;
  #epoch: number[] = [];
  #trainAcc: number[] = [];
  #testAcc: number[] = [];
  #trainLoss: number[] = [];
  #testLoss: number[] = [];
  #step: number[] = [];
  #stepLoss: number[] = [];
  #frame = 0;
  /** How many times the charts were redrawn with new data (at most once per frame). */
  commits = 0;

  constructor(accuracy: HTMLElement, loss: HTMLElement, steps: HTMLElement, stepsNote: HTMLElement) {
    const w = (el: HTMLElement) => Math.max(260, el.clientWidth);
    this.#accuracy = new uPlot(
      baseOptions(w(accuracy), "epoch", "accuracy (%)", [
        line("train accuracy", "--train"),
        line("test accuracy", "--test"),
      ]),
      [[], [], []],
      accuracy,
    );
    this.#loss = new uPlot(
      baseOptions(w(loss), "epoch", "mean loss", [
        line("train loss", "--train"),
        line("test loss", "--test"),
      ]),
      [[], [], []],
      loss,
    );
    this.#steps = new uPlot(
      baseOptions(w(steps), "step", "batch loss", [line("batch loss", "--train", false)]),
      [[], []],
      steps,
    );
    this.#stepsNote = stepsNote;
    const observer = new ResizeObserver(() => {
      for (const [chart, el] of [
        [this.#accuracy, accuracy],
        [this.#loss, loss],
        [this.#steps, steps],
      ] as const) {
        const width = w(el);
        if (Math.abs(chart.width - width) > 1) chart.setSize({ width, height: 220 });
      }
    });
    for (const el of [accuracy, loss, steps]) observer.observe(el);
  }

  /** Clears every series. */
  reset(): void {
    for (const a of [this.#epoch, this.#trainAcc, this.#testAcc, this.#trainLoss, this.#testLoss])
      a.length = 0;
    this.#step.length = 0;
    this.#stepLoss.length = 0;
    this.#schedule();
  }

  /** Appends an epoch's metrics. */
  addEpoch(r: EpochRecord): void {
    this.#epoch.push(r.epoch);
    this.#trainAcc.push(r.trainAccuracy * 100);
    this.#testAcc.push(r.testAccuracy * 100);
    this.#trainLoss.push(r.trainLoss);
    this.#testLoss.push(r.testLoss);
    this.#schedule();
  }

  /** Appends a step's loss (steps are numbered across the run). */
  addStep(r: StepRecord): void {
    this.#step.push(r.step);
    this.#stepLoss.push(r.loss);
    this.#schedule();
  }

  /** Redraws with the current theme's colours. */
  redraw(): void {
    for (const c of [this.#accuracy, this.#loss, this.#steps]) c.redraw(false, true);
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#commit();
    });
  }

  #commit(): void {
    this.commits++;
    this.#accuracy.setData([this.#epoch, this.#trainAcc, this.#testAcc]);
    this.#loss.setData([this.#epoch, this.#trainLoss, this.#testLoss]);
    this.#steps.setData([this.#step, this.#stepLoss]);
    this.#stepsNote.hidden = this.#step.length > 0 || this.#epoch.length === 0;
  }
}
