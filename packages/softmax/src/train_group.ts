/**
 * Training a group of configurations that see the same batches in the same order (a sweep's unit of
 * work): every member's events are those of its own {@link train} run.
 *
 * Runtime-neutral.
 * @module
 */
import type { TrainConfig } from "./config.ts";
import { type EpochEvent, type TrainEvent, type TrainingState, type TrainOptions, train } from "./trainer.ts";

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

/** A trainer event of one member of a group: `member` indexes {@link TrainGroupOptions.configs}. */
export type GroupEvent = TrainEvent & { readonly member: number };

/**
 * Trains several configurations on the same batches. For every member `i` the events with
 * `member === i` are, field for field, those of `train({ ...options, config: configs[i], resume:
 * resume?.[i] })` (bit-identical on the CPU backend), except the timing fields `seconds` and
 * `trainSeconds`. Events of different members interleave; each member's own order is kept.
 * @param options backend, data, the members' configs and the shared run controls
 * @returns an async iterator of {@link GroupEvent}s
 * @throws {RangeError} when the configs do not share one {@link groupKey}, the resume states do not
 *   match the configs, or a member fails as {@link train} does (the message names the member).
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
  const { configs, resume, stopAfter, ...shared } = options;
  checkGroup(configs, resume);
  const runs = configs.map((config, member) =>
    train({
      ...shared,
      config,
      resume: resume?.[member],
      stopAfter: stopAfter === undefined ? undefined : (event) => stopAfter({ ...event, member }),
    }),
  );
  const live = new Set(runs.keys());
  try {
    // Round robin, one epoch of each member at a time, so that no member runs ahead of the others.
    while (live.size > 0) {
      for (const member of [...live]) {
        for (;;) {
          const next = await nextOf(runs[member], member);
          if (next.done) {
            live.delete(member);
            break;
          }
          yield { ...next.value, member };
          if (next.value.type === "epoch") break;
        }
      }
    }
  } finally {
    for (const member of live) await runs[member].return(undefined);
  }
}

async function nextOf(
  run: AsyncGenerator<TrainEvent>,
  member: number,
): Promise<IteratorResult<TrainEvent, unknown>> {
  try {
    return await run.next();
  } catch (e) {
    throw e instanceof RangeError ? memberError(e, member) : e;
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
