/**
 * The compute worker: loads MNIST, trains on WebGPU or the CPU backend, and predicts the test set, so
 * the page's main thread only draws. A stopped run keeps its data, backend and last epoch's training
 * state here, so that resuming continues exactly where the last finished epoch left off.
 * @module
 */
import { subset } from "@mnist/idx";
import { runLogRecord } from "@mnist/metrics";
import { predict, SoftmaxRegression, type TrainingState, type TrainOptions, train } from "@mnist/softmax";
import { createBackend, createCpuBackend } from "@mnist/tensor";
import { loadSplits, loadTestSet } from "./data.ts";
import type { EvaluateRequest, WireModel, WorkerMessage, WorkerRequest } from "./protocol.ts";

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

interface Session extends Pick<TrainOptions, "backend" | "train" | "test" | "config" | "stepEvery"> {
  state: TrainingState | undefined;
  abort: AbortController | null;
  /** The last epoch the page has acknowledged showing. */
  shown: number;
  /** Called when `shown` grows. */
  onShown: (() => void) | null;
}

/** Resolves once the page has shown `epoch`; rejects with the signal's reason when stopped first. */
function untilShown(s: Session, epoch: number, signal: AbortSignal): Promise<void> {
  if (s.shown >= epoch) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stopped = () => {
      s.onShown = null;
      reject(signal.reason);
    };
    signal.addEventListener("abort", stopped, { once: true });
    s.onShown = () => {
      if (s.shown < epoch) return;
      signal.removeEventListener("abort", stopped);
      s.onShown = null;
      resolve();
    };
  });
}

let session: Session | null = null;

async function start(request: Extract<WorkerRequest, { type: "train" }>): Promise<void> {
  post({ type: "status", text: "Loading MNIST…" });
  const data = await loadSplits(request.source);
  const trainSet = subset(data.train, request.trainCount);
  post({ type: "status", text: "Choosing a backend…" });
  const { backend, reason } = await createBackend({ prefer: request.prefer });
  const datasets: Record<string, string> = {};
  for (const f of Object.values(data.files)) datasets[f.name] = f.sha256;
  post({
    type: "backend",
    kind: backend.kind,
    reason,
    adapter: backend.adapter ? { ...backend.adapter } : null,
    trainCount: trainSet.count,
    testCount: data.test.count,
    datasets,
  });
  session = {
    backend,
    train: trainSet,
    test: data.test,
    config: request.config,
    stepEvery: request.stepEvery,
    state: undefined,
    abort: null,
    shown: 0,
    onShown: null,
  };
  await run(session);
}

async function run(s: Session): Promise<void> {
  const abort = new AbortController();
  s.abort = abort;
  post({ type: "status", text: "Training…" });
  try {
    for await (const event of train({
      backend: s.backend,
      train: s.train,
      test: s.test,
      config: s.config,
      resume: s.state,
      signal: abort.signal,
      stepEvery: s.stepEvery,
    })) {
      if (event.type === "step") {
        post({ type: "step", record: runLogRecord(event) });
      } else if (event.type === "epoch") {
        // At most one epoch ahead of the page: a Stop sent on seeing the previous epoch lands here.
        await untilShown(s, event.epoch - 1, abort.signal);
        const { features, classes, weight, bias } = event.model;
        const model: WireModel = { features, classes, weight: weight.slice(), bias: bias.slice() };
        post({ type: "epoch", record: runLogRecord(event), step: event.step, model }, [
          model.weight.buffer,
          model.bias.buffer,
        ]);
      } else if (event.type === "checkpoint") {
        s.state = event.state;
      } else if (event.type === "run-end") {
        post({ type: "done", epoch: event.epoch, seconds: event.seconds });
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
    post({ type: "stopped", epoch: s.state?.epoch ?? 0, step: s.state?.step ?? 0 });
  } finally {
    s.abort = null;
  }
}

async function evaluate(request: EvaluateRequest): Promise<void> {
  const test = await loadTestSet(request.source);
  const { features, classes, weight, bias } = request.model;
  if (features !== test.features) {
    throw new RangeError(
      `Cannot evaluate model: it takes ${features} inputs, expected ${test.features} (28×28)`,
    );
  }
  const model = new SoftmaxRegression(features, classes, weight, bias);
  const backend = createCpuBackend();
  try {
    const predictions = (await predict(backend, model, test.images)).classes;
    const labels = test.labels.slice();
    const images = test.images.slice();
    post({ type: "predictions", predictions, labels, images }, [
      predictions.buffer,
      labels.buffer,
      images.buffer,
    ]);
  } finally {
    backend.destroy();
  }
}

function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case "train":
      return start(request);
    case "resume":
      if (!session || session.abort) return Promise.resolve();
      return run(session);
    case "stop":
      session?.abort?.abort(new DOMException("Training stopped", "AbortError"));
      return Promise.resolve();
    case "shown":
      if (session) {
        session.shown = Math.max(session.shown, request.epoch);
        session.onShown?.();
      }
      return Promise.resolve();
    case "evaluate":
      return evaluate(request);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  handle(event.data).catch((error: unknown) => {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  });
};
