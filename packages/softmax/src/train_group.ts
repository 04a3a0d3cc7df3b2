/**
 * Training a group of configurations that see the same batches in the same order (a sweep's unit of
 * work): every member's events are those of its own `train` run, from one pass over each batch
 * (`Backend.trainStepGroup`) and one opening of the training batch source (in memory or streamed).
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, Tensor } from "@mnist/tensor";
import { Random } from "@mnist/tensor";
import { _evaluateGroupOnDevice, EVAL_CHUNK } from "./_evaluate_device.ts";
import { GroupTensors, type MemberStart } from "./_group_tensors.ts";
import {
  checkData,
  closeRunData,
  epochMetrics,
  findNonFinite,
  type NonFiniteLoss,
  nonFiniteLoss,
  openRunData,
  type Run,
  SHUFFLE_SALT,
  YIELD_MS,
} from "./_train_run.ts";
import type { OpenBatchSource } from "./batch_source.ts";
import { type ResolvedConfig, resolveConfig, type TrainConfig } from "./config.ts";
import { SoftmaxRegression } from "./model.ts";
import { DeviceOptimizer } from "./optimizer.ts";
import { learningRate } from "./schedule.ts";
import type { EpochEvent, TrainEvent, TrainingState, TrainOptions } from "./trainer.ts";

/**
 * What configurations must share to train together: the fields that decide the data order and the
 * starting weights (batch size, seed, epochs, shuffling). Learning rate, optimiser, loss, momentum,
 * weight decay and schedule may differ within a group.
 * @param config a training config
 * @returns a string equal for configs that may train together, e.g. `batchSize=100 seed=0 epochs=10 shuffle=true`
 * @example
 * ```ts
 * import { groupKey, TUTORIAL } from "@mnist/softmax";
 * console.log(groupKey(TUTORIAL) === groupKey({ ...TUTORIAL, lr: 0.5, optimizer: "adam" })); // true
 * console.log(groupKey(TUTORIAL) === groupKey({ ...TUTORIAL, batchSize: 10 })); // false
 * ```
 */
export function groupKey(config: TrainConfig): string {
  return `batchSize=${config.batchSize} seed=${config.seed} epochs=${config.epochs} shuffle=${config.shuffle}`;
}

/** An epoch event of one member of a group. */
export type GroupEpochEvent = EpochEvent & { readonly member: number };

/** What {@link trainGroup} needs: {@link TrainOptions} shared by every member, with a config (and state) per member. */
export interface TrainGroupOptions extends Omit<TrainOptions, "config" | "resume" | "stopAfter"> {
  /** The members' configs, all with the same {@link groupKey}. */
  readonly configs: readonly TrainConfig[];
  /** Per member: the state to resume from (see {@link TrainOptions.resume}); all at the same epoch. */
  readonly resume?: readonly (TrainingState | undefined)[];
  /**
   * Called after every member's epoch event (see {@link TrainOptions.stopAfter}): a reason ends that
   * member's run after the epoch; the other members go on.
   */
  readonly stopAfter?: (event: GroupEpochEvent) => string | undefined;
}

/**
 * A member whose loss went non-finite, where its own `train` run would throw: the member's last
 * event; the other members go on.
 */
export interface MemberFailedEvent {
  /** The kind of event. */
  readonly type: "member-failed";
  /** The step where the loss was first seen non-finite. */
  readonly step: number;
  /** The non-finite loss (an epoch's summed loss when the replay could not name a single step). */
  readonly loss: number;
  /** The member's learning rate at that step. */
  readonly lr: number;
  /** The error its own `train` run throws: "Cannot continue training: loss is NaN at step …". */
  readonly message: string;
}

/** A trainer event of one member of a group: `member` indexes {@link TrainGroupOptions.configs}. */
export type GroupEvent = (TrainEvent | MemberFailedEvent) & { readonly member: number };

/**
 * Trains several configurations on the same batches. For every member `i` the events with
 * `member === i` are, field for field, those of `train({ ...options, config: configs[i], resume:
 * resume?.[i] })` (bit-identical on the CPU backend), except the timing fields `seconds` and
 * `trainSeconds`; where that run throws because its loss went non-finite, the member's last event is
 * a {@link MemberFailedEvent} instead, and the other members go on. Events of different members
 * interleave; each member's own order is kept.
 * @param options backend, data, the members' configs and the shared run controls
 * @returns an async iterator of {@link GroupEvent}s
 * @throws {RangeError} when the configs do not share one {@link groupKey}, the resume states do not
 *   match the configs, or a member's config or starting state is refused as {@link train} refuses
 *   it (the message names the member).
 * @throws the signal's reason when aborted.
 * @example
 * ```ts ignore
 * const configs = [0.01, 0.1, 1].map((lr) => ({ ...TUTORIAL, lr }));
 * for await (const e of trainGroup({ backend, train, test, validation, configs })) {
 *   if (e.type === "epoch") console.log(configs[e.member].lr, e.epoch, e.valAccuracy);
 * }
 * ```
 */
export async function* trainGroup(options: TrainGroupOptions): AsyncGenerator<GroupEvent> {
  const { configs, resume, stopAfter, signal, backend: be } = options;
  checkGroup(configs, resume);
  const resolved = configs.map((config, k) => asMember(k, () => resolveConfig(config)));
  const { epochs, batchSize: B, seed, shuffle } = resolved[0];
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const [F, C, N] = [options.train.features, options.train.classes, options.train.count];
  checkData(options, F, C);
  const stepsPerEpoch = Math.ceil(N / B);
  const totalSteps = stepsPerEpoch * epochs;
  const starts = configs.map((_, k) => memberStart(options, k, F, C, stepsPerEpoch));
  const first = resume?.find((state) => state !== undefined);
  const rng = first ? Random.fromState(first.rng) : new Random(seed ^ SHUFFLE_SALT);
  const stepEvery = options.stepEvery ?? 0;
  const checkpointEvery = options.checkpointEvery ?? 1;

  const data = openRunData(be, options, [B, F, C], "train a group");
  const { trainData, testDs, valDs } = data;
  const K = configs.length;
  let active = configs.map((_, k) => k);
  const failed = new Set<number>();
  let group = new GroupTensors(be, resolved, starts, B, EVAL_CHUNK);
  const [epochStats, stepStats, orderT] = [
    be.zeros("f32", 2 * K),
    be.zeros("f32", 2 * K),
    be.zeros("u32", trainData.maxSegmentRows),
  ];
  try {
    let step = first?.step ?? 0;
    const startEpoch = (first?.epoch ?? 0) + 1;
    const initial = await group.read();
    // Each member's state at the start of the epoch: replayed to find the step that went non-finite.
    const saved: TrainingState[] = configs.map(
      (config, k) =>
        resume?.[k] ?? {
          config,
          model: starts[k].model.clone(),
          optimizer: initial.optimizers[k],
          epoch: 0,
          step: 0,
          rng: rng.state(),
        },
    );
    for (const [member, config] of configs.entries()) {
      yield {
        type: "run-start",
        config,
        backend: be.kind,
        features: F,
        classes: C,
        startEpoch,
        stepsPerEpoch,
        totalSteps,
        member,
      };
    }
    let lastYield = performance.now();
    for (let epoch = startEpoch; epoch <= epochs && active.length > 0; epoch++) {
      signal?.throwIfAborted();
      const t0 = clock();
      const epochRng = rng.state();
      be.fill(epochStats, 0);
      let lrs = active.map((k) => resolved[k].lr);
      for await (const segment of trainData.epoch(epoch, rng, shuffle)) {
        be.write(orderT, segment.order);
        const length = segment.order.length;
        for (let offset = 0; offset < length; offset += B) {
          if (performance.now() - lastYield > YIELD_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
          signal?.throwIfAborted();
          step++;
          const report = stepEvery > 0 && step % stepEvery === 0;
          if (report) be.fill(stepStats, 0);
          const rows = { order: orderT, offset, count: Math.min(B, length - offset) };
          lrs = active.map((k) => learningRate(resolved[k], { step, stepsPerEpoch, totalSteps }));
          const stats = report ? stepStats : epochStats;
          be.trainStepGroup(segment.dataset, rows, group.t, stats, group.members(lrs, step));
          if (!report) continue;
          const read = await be.read(stepStats);
          for (const [i, member] of active.entries()) {
            if (failed.has(member)) continue;
            const loss = read[2 * i] / rows.count;
            if (!Number.isFinite(loss)) {
              failed.add(member);
              yield failure(nonFiniteLoss(step, loss, lrs[i]), member);
              continue;
            }
            const batchAccuracy = read[2 * i + 1] / rows.count;
            yield { type: "step", epoch, step, loss, batchAccuracy, lr: lrs[i], member };
          }
        }
      }
      const sums = await be.read(epochStats);
      const trainSeconds = (clock() - t0) / 1000;
      for (const [i, member] of active.entries()) {
        if (failed.has(member) || Number.isFinite(sums[2 * i])) continue;
        const replay = memberRun(
          be,
          resolved[member],
          trainData,
          [F, C],
          orderT,
          stepsPerEpoch,
          totalSteps,
          N,
        );
        try {
          failed.add(member);
          yield failure(await findNonFinite(replay, saved[member], epoch, epochRng, sums[2 * i]), member);
        } finally {
          releaseRun(replay);
        }
      }
      // Every member of the group at once, on the parameters where they are: the same sums per
      // member as evaluating it alone (members that failed this epoch are evaluated and ignored).
      // As in `train`, the evaluations and the parameter reads are all recorded before any is
      // awaited, so that one wait for the device serves them all; each chunk's forward pass and loss
      // are recorded together, so sharing `z` is safe.
      const losses = active.map((k) => resolved[k].loss);
      const { w, b, z } = group.t;
      const [{ models, optimizers }, trainEvals, testEvals, valEvals] = await Promise.all([
        group.read(),
        trainData.evaluateGroup(losses, w, b, z),
        _evaluateGroupOnDevice(be, testDs, losses, w, b, z, true),
        valDs === undefined ? undefined : _evaluateGroupOnDevice(be, valDs, losses, w, b, z, false),
      ]);
      const stopped: number[] = [];
      for (const [i, member] of active.entries()) {
        if (failed.has(member)) continue;
        const [trainEval, testEval, valEval] = [trainEvals[i], testEvals[i], valEvals?.[i]];
        if (!Number.isFinite(trainEval.meanLoss)) {
          failed.add(member);
          yield failure(nonFiniteLoss(step, trainEval.meanLoss, lrs[i]), member);
          continue;
        }
        const metrics = epochMetrics(trainEval, testEval, valEval);
        const event: GroupEpochEvent = {
          type: "epoch",
          epoch,
          step,
          ...metrics,
          testConfusion: testEval.confusion ?? new Uint32Array(C * C),
          lr: lrs[i],
          seconds: (clock() - t0) / 1000,
          trainSeconds,
          model: models[i],
          member,
        };
        yield event;
        const reason = stopAfter?.(event);
        const state = { config: configs[member], model: models[i], optimizer: optimizers[i], epoch, step };
        saved[member] = { ...state, rng: rng.state() };
        const last = epoch === epochs || reason !== undefined;
        if (last || (checkpointEvery > 0 && epoch % checkpointEvery === 0)) {
          yield { type: "checkpoint", epoch, step, state: saved[member], metrics, member };
        }
        if (reason !== undefined) {
          stopped.push(member);
          yield runEnd(saved[member], (clock() - started) / 1000, member, reason);
        }
        lastYield = performance.now();
      }
      if (stopped.length > 0 || active.some((k) => failed.has(k))) {
        // The members left train on: their state goes into new tensors without the stopped and
        // failed ones (a failed one trained on to the epoch's end, apart from the others' numbers).
        active = active.filter((k) => !stopped.includes(k) && !failed.has(k));
        if (active.length === 0) break;
        group.release();
        group = new GroupTensors(
          be,
          active.map((k) => resolved[k]),
          active.map((k) => saved[k]),
          B,
          EVAL_CHUNK,
        );
      }
    }
    for (const member of active) yield runEnd(saved[member], (clock() - started) / 1000, member);
  } finally {
    group.release();
    for (const t of [epochStats, stepStats, orderT]) be.release(t as Tensor);
    closeRunData(be, data);
  }
}

function failure(found: NonFiniteLoss, member: number): GroupEvent {
  const { step, loss, lr, message } = found;
  return { type: "member-failed", step, loss, lr, message, member };
}

function runEnd(state: TrainingState, seconds: number, member: number, stopped?: string): GroupEvent {
  const { model, epoch, step } = state;
  return {
    type: "run-end",
    model,
    epoch,
    step,
    seconds,
    ...(stopped === undefined ? {} : { stopped }),
    member,
  };
}

/** Member `k`'s starting parameters and optimiser state, checked as `train` checks them. */
function memberStart(
  options: TrainGroupOptions,
  k: number,
  F: number,
  C: number,
  stepsPerEpoch: number,
): MemberStart {
  const resume = options.resume?.[k];
  const config = options.configs[k];
  const model = resume ? resume.model : (options.model ?? SoftmaxRegression.init(F, C, config.seed));
  if (model.features !== F || model.classes !== C) {
    const found = `${model.features}→${model.classes}`;
    throw memberError(
      new RangeError(`Cannot train: the model is ${found}, expected the data's ${F}→${C}`),
      k,
    );
  }
  if (resume !== undefined && resume.step !== resume.epoch * stepsPerEpoch) {
    const { count: N } = options.train;
    throw memberError(
      new RangeError(
        `Cannot resume training: the checkpoint is at step ${resume.step} after epoch ${resume.epoch}, expected ${resume.epoch} × ${stepsPerEpoch} = ${resume.epoch * stepsPerEpoch} (${N} training images in batches of ${config.batchSize})`,
      ),
      k,
    );
  }
  return resume === undefined ? { model } : { model, optimizer: resume.optimizer };
}

/** A single-model run of one member, on which its failing epoch is replayed step by step. */
function memberRun(
  be: Backend,
  config: ResolvedConfig,
  trainData: OpenBatchSource,
  [F, C]: readonly [number, number],
  orderT: Tensor<"u32">,
  stepsPerEpoch: number,
  totalSteps: number,
  N: number,
): Run {
  const B = config.batchSize;
  const f = (n: number) => be.zeros("f32", n);
  const opt = new DeviceOptimizer(be, config, { weight: F * C, bias: C });
  const [w, b, z, g, gw, gb] = [f(F * C), f(C), f(B * C), f(B * C), f(F * C), f(C)];
  return { be, config, trainData, w, b, z, g, gw, gb, orderT, opt, stepsPerEpoch, totalSteps, N, B };
}

function releaseRun(run: Run): void {
  run.opt.release();
  for (const t of [run.w, run.b, run.z, run.g, run.gw, run.gb]) run.be.release(t);
}

function asMember<T>(k: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof RangeError ? memberError(e, k) : e;
  }
}

/** Names the member in a member's one-line error: "Cannot train configuration 3 of the group: …". */
function memberError(e: RangeError, member: number): RangeError {
  const message = e.message.replace(/^Cannot ([^:]*):/, `Cannot $1 (configuration ${member} of the group):`);
  return new RangeError(message, { cause: e });
}

function checkGroup(
  configs: readonly TrainConfig[],
  resume: readonly (TrainingState | undefined)[] | undefined,
): void {
  if (configs.length === 0) {
    throw new RangeError("Cannot train a group: it has no configurations, expected at least one");
  }
  const key = groupKey(configs[0]);
  configs.forEach((config, i) => {
    if (groupKey(config) !== key) {
      throw new RangeError(
        `Cannot train a group: configuration ${i} has ${groupKey(config)}, expected configuration 0's ${key}`,
      );
    }
  });
  if (resume === undefined) return;
  if (resume.length !== configs.length) {
    throw new RangeError(
      `Cannot resume a group: ${resume.length} resume states for ${configs.length} configurations, expected one per configuration`,
    );
  }
  const epochs = resume.map((state) => state?.epoch ?? 0);
  epochs.forEach((epoch, i) => {
    if (epoch !== epochs[0]) {
      throw new RangeError(
        `Cannot resume a group: configuration ${i} is after epoch ${epoch}, expected configuration 0's epoch ${epochs[0]}`,
      );
    }
  });
}
