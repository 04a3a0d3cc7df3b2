import { describe, expect, it } from "vitest";
import { endedStatus, INTERRUPTED_MESSAGE } from "./run_summary.ts";

describe("src/run_summary.ts endedStatus", () => {
  const start = { type: "run-start" };
  it("tells finished, failed and interrupted runs apart", () => {
    expect(endedStatus([start, { type: "run-end" }])).toEqual({ status: "finished", message: null });
    expect(endedStatus([start, { type: "error", message: "Cannot read x" }])).toEqual({
      status: "failed",
      message: "Cannot read x",
    });
    const stopped = `${INTERRUPTED_MESSAGE}; the last checkpoint is after epoch 1`;
    expect(endedStatus([start, { type: "error", message: stopped }])).toEqual({
      status: "interrupted",
      message: stopped,
    });
    // Killed (or still running): neither record.
    expect(endedStatus([start, { type: "epoch" }])).toEqual({ status: "interrupted", message: null });
  });
});
