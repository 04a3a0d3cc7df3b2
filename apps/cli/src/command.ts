/**
 * The shape every `mnist` command has: its flags, its help, the file access it needs, and its body.
 * @module
 */
import type { FlagSpec, ParsedFlags } from "./flags.ts";

/** Paths a command reads and writes, and whether it uses the network; the launcher grants exactly this. */
export interface Access {
  readonly read: string[];
  readonly write: string[];
  readonly net: boolean;
  /** Deno `--allow-sys` names beyond `homedir` (which every writing command gets), e.g. `systemMemoryInfo`. */
  readonly sys?: readonly string[];
  /** The one `host:port` the command may listen on (and no other network use), e.g. `127.0.0.1:8080`. */
  readonly listen?: string;
  /**
   * A model (`kind: "model"`, a run directory or `.safetensors`) or run directory (`"run"`) whose
   * recorded data directory must be readable too; the launcher looks it up in a child process
   * granted read of that metadata only (`recorded_data_probe.ts`).
   */
  readonly recordedData?: { readonly kind: "model" | "run"; readonly path: string };
}

/** One `mnist <command>`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text, with flags and examples. */
  readonly help: string;
  readonly flags: FlagSpec;
  /** Number of positional arguments accepted. */
  readonly positionals?: number;
  /** The file-system and network access this invocation needs (flags already parsed). */
  access(flags: ParsedFlags): Access;
  /** Runs the command; returns the exit code. */
  run(flags: ParsedFlags): Promise<number>;
}
