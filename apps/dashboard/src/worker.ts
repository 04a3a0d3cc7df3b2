/**
 * The compute worker: loads MNIST, trains on WebGPU or the CPU backend, and predicts the test set, so
 * the page's main thread only draws. A stopped run keeps its data, backend and last epoch's training
 * state here, so that resuming continues exactly where the last finished epoch left off.
 * @module
 */
import { type Dataset, type DatasetIdentity, subset } from "@mnist/idx";
import { RunLogParser, runLogRecord } from "@mnist/metrics";
import { predict, SoftmaxRegression, type TrainingState, type TrainOptions, train } from "@mnist/softmax";
import { createBackend, createCpuBackend } from "@mnist/tensor";
import { bundledIdentity, loadSplits, loadTestSet } from "./data.ts";
import { LogDigest } from "./log_digest.ts";
import type { EvaluateRequest, ReadLogRequest, WireModel, WorkerMessage, WorkerRequest } from "./protocol.ts";
import { describeIdentity, identityMismatch } from "./run_data.ts";

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
  post({
    type: "status",
    text: request.source.kind === "files" ? "Loading the chosen files…" : "Loading the bundled MNIST…",
  });
  const data = await loadSplits(request.source);
  const trainSet = subset(data.train, request.trainCount);
  post({ type: "status", text: "Choosing a backend…" });
  const { backend, reason } = await createBackend({ prefer: request.prefer });
  post({
    type: "backend",
    kind: backend.kind,
    reason,
    adapter: backend.adapter ? { ...backend.adapter } : null,
    trainCount: trainSet.count,
    testCount: data.test.count,
    identity: data.identity,
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
        post(
          {
            type: "epoch",
            record: runLogRecord(event),
            step: event.step,
            model,
            trainSeconds: event.trainSeconds,
          },
          [model.weight.buffer, model.bias.buffer],
        );
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

/** The test split to evaluate on and its identity, checked against what the run recorded. */
async function testData(request: EvaluateRequest): Promise<{ test: Dataset; identity: DatasetIdentity }> {
  const { source, expect } = request;
  if (source.kind === "files") {
    post({ type: "status", text: "Loading and checking the chosen files…" });
    const data = await loadSplits(source);
    const mismatch = expect ? identityMismatch(expect, data.identity) : null;
    if (mismatch) throw new RangeError(mismatch);
    return { test: data.test, identity: data.identity };
  }
  if (expect && !expect.bundled) {
    throw new RangeError(
      "Cannot evaluate on the bundled MNIST: the run trained on other data, expected its files",
    );
  }
  return { test: await loadTestSet(source), identity: bundledIdentity() };
}

async function evaluate(request: EvaluateRequest): Promise<void> {
  const { test, identity } = await testData(request);
  const { features, classes, weight, bias } = request.model;
  const data = describeIdentity(identity);
  if (features !== test.features) {
    throw new RangeError(
      `Cannot evaluate model: it takes ${features} inputs, expected ${test.features} (${test.rows}×${test.cols} images of ${data})`,
    );
  }
  if (classes !== identity.classCount) {
    throw new RangeError(
      `Cannot evaluate model: it has ${classes} classes, expected ${identity.classCount} (the classes of ${data})`,
    );
  }
  const model = new SoftmaxRegression(features, classes, weight, bias);
  const backend = createCpuBackend();
  try {
    const predictions = (await predict(backend, model, test.images)).classes;
    const labels = test.labels.slice();
    const images = test.images.slice();
    const shape = [test.rows, test.cols] as const;
    post({ type: "predictions", predictions, labels, images, shape, identity }, [
      predictions.buffer,
      labels.buffer,
      images.buffer,
    ]);
  } finally {
    backend.destroy();
  }
}

/** Opens the log's bytes: a chosen file, or a URL whose failures say what probably happened. */
async function logStream(
  request: ReadLogRequest,
): Promise<{ name: string; stream: ReadableStream<Uint8Array> }> {
  if (request.file) return { name: request.file.name, stream: request.file.stream() };
  const url = request.url ?? "";
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new TypeError(
      `Cannot load run log ${url}: network error (${why}): the server is not running or blocks cross-origin requests (CORS), expected a server that is up and allows this page`,
    );
  }
  if (!response.ok || !response.body) {
    throw new Error(`Cannot load run log ${url}: HTTP ${response.status}, expected 200`);
  }
  if (/text\/html/i.test(response.headers.get("content-type") ?? "")) {
    await response.body.cancel();
    throw new TypeError(`Cannot load run log ${url}: found an HTML page, expected a run log (wrong path?)`);
  }
  return { name: new URL(url).pathname.split("/").pop() || url, stream: response.body };
}

/** Stream-parses a run log, thinning it on the way (see `LogDigest`): the page gets a bounded digest. */
async function readLog(request: ReadLogRequest): Promise<void> {
  const { name, stream } = await logStream(request);
  const parser = new RunLogParser({ source: name });
  const digest = new LogDigest();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  // Bytes through the last line end: where a follower of a growing log goes on reading (live_run.ts).
  let bytes = 0;
  let complete = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const nl = value.lastIndexOf(10);
      if (nl >= 0) complete = bytes + nl + 1;
      bytes += value.length;
      for (const r of parser.push(decoder.decode(value, { stream: true }))) digest.push(r);
    }
    for (const r of parser.push(decoder.decode())) digest.push(r);
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  }
  const end = parser.finish();
  if (end.last) digest.push(end.last);
  const read = end.last ? bytes : complete;
  post({
    type: "log",
    name,
    truncated: end.truncated,
    skipped: end.skipped,
    bytes: read,
    ...digest.result(),
  });
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
    case "read-log":
      return readLog(request);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  handle(event.data).catch((error: unknown) => {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  });
};
