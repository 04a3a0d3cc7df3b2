// `mnist report RUN_DIR RUN_DIR...`: real runs on real MNIST (and Fashion-MNIST) compared in one page,
// through the launcher with the grants the command asks for.
import { join } from "node:path";
import { parseRunLog, type RunEndRecord } from "@mnist/metrics";
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";
import { parseFlags } from "./flags.ts";
import { permissionFlags } from "./launcher.ts";
import { reportCommand } from "./report.ts";

const FASHION = "/usr/share/datasets/fashion-mnist";

async function train(out: string, ...flags: string[]): Promise<void> {
  const args = ["--epochs", "1", "--limit", "3000", "--backend", "cpu", "--quiet", "--out", out, ...flags];
  expectCode(await mnist("train", ...args), 0);
}

async function finalOf(dir: string): Promise<RunEndRecord> {
  const log = parseRunLog(await Deno.readTextFile(join(dir, "run.jsonl")));
  const end = log.records.find((r): r is RunEndRecord => r.type === "run-end");
  check(end, `${dir} has no run-end record`);
  return end;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

Deno.test("report with two run directories writes one comparison page of them", async () => {
  const root = await tempDir();
  const [a, b] = [join(root, "lr-0.1"), join(root, "lr-0.5")];
  await train(a, "--lr", "0.1");
  await train(b, "--lr", "0.5");
  const out = join(root, "pages", "cmp.html");
  await Deno.mkdir(join(root, "pages"));
  const run = await mnist("report", a, b, "--out", out);
  expectCode(run, 0);
  const [endA, endB] = [await finalOf(a), await finalOf(b)];
  check(
    run.stdout ===
      [
        `wrote ${out}: 2 runs (lr-0.1, lr-0.5)`,
        "settings that differ: lr",
        `  lr-0.1: test accuracy ${pct(endA.testAccuracy)} after 1 epoch (finished)`,
        `  lr-0.5: test accuracy ${pct(endB.testAccuracy)} after 1 epoch (finished)`,
        "",
      ].join("\n"),
    run.stdout,
  );
  const html = await Deno.readTextFile(out);
  check(html.includes("<title>MNIST: comparison of 2 runs</title>"), html.slice(0, 400));
  check(
    html.includes(
      '<tr class="differs" data-differs="true" data-key="lr"><th scope="row">lr</th><td>0.1</td><td>0.5</td></tr>',
    ),
    "the lr row is highlighted with both values",
  );
  check(
    /<tr data-key="batchSize"><th scope="row">batchSize<\/th><td>100<\/td><td>100<\/td>/.test(html),
    "batch size row",
  );
  // Final metrics side by side, the numbers of the logs' run-end records.
  const row = /<tr data-metric="final test accuracy">(.*?)<\/tr>/.exec(html)?.[1] ?? "";
  check(
    row.includes(`>${pct(endA.testAccuracy)}</td>`) && row.includes(`>${pct(endB.testAccuracy)}</td>`),
    row,
  );
  // The overlaid charts name both runs, each legend label ending in its last value.
  const data = JSON.parse(
    html.split('<script type="application/json" id="run-data">')[1].split("</script>")[0],
  );
  const labels: string[] = data.charts[0].series.map((s: { label: string }) => s.label);
  check(labels.includes(`lr-0.1 test ${pct(endA.testAccuracy)}`), labels.join(" | "));
  check(labels.includes(`lr-0.5 test ${pct(endB.testAccuracy)}`), labels.join(" | "));
  check(!html.includes('data-role="data-note"'), "no data banner for runs on the same data");
  // Written through its one temp name (the launcher grants no other path there), which is gone.
  const written = [];
  for await (const e of Deno.readDir(join(root, "pages"))) written.push(e.name);
  check(JSON.stringify(written) === '["cmp.html"]', written.join(" "));
  const nowhere = join(root, "nowhere", "cmp.html");
  const missing = await mnist("report", a, b, "--out", nowhere);
  expectCode(missing, 2);
  check(
    missing.stderr.trim() ===
      `mnist: Cannot write --out ${nowhere}: not found, expected an HTML file in an existing directory`,
    missing.stderr,
  );
  // The run directories are only read.
  for (const dir of [a, b]) {
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    check(!names.some((n) => n.includes("comparison")), names.join(" "));
  }
});

Deno.test("report compares runs on different data under a banner, and says what is wrong with bad arguments", async () => {
  const root = await tempDir();
  const [digits, clothes] = [join(root, "digits"), join(root, "clothes")];
  await train(digits);
  await train(clothes, "--data-dir", FASHION);
  const out = join(root, "mixed.html");
  const run = await mnist("report", digits, clothes, "--out", out);
  expectCode(run, 0);
  const note =
    "These runs trained on different data: MNIST (digits); Fashion-MNIST (clothes). Their accuracies and losses are not directly comparable.";
  check(run.stdout.includes(`note: ${note}`), run.stdout);
  const html = await Deno.readTextFile(out);
  check(html.includes(`data-role="data-note">${note}</p>`), "the page shows the banner");
  check(html.includes('data-differs="true" data-key="dataDir"'), "the data directory differs");

  const one = await mnist("report", digits, "--out", out);
  check(one.code === 2 && /Cannot use --out with one run directory/.test(one.stderr), one.stderr);
  const dir = await mnist("report", digits, clothes, "--out", root);
  check(
    dir.code === 2 && /Cannot use --out .*: it is a directory, expected an HTML file/.test(dir.stderr),
    dir.stderr,
  );
  const missing = await mnist("report", digits, join(root, "nothing"), "--out", out);
  check(missing.code === 2 && /nothing\/run\.jsonl/.test(missing.stderr), missing.stderr);
});

Deno.test("report grants: one run dir read and written; a comparison reads the runs and writes only --out and its temp", () => {
  const grants = (...args: string[]) =>
    permissionFlags(reportCommand.access(parseFlags("report", args, reportCommand.flags, Infinity)));
  check(
    JSON.stringify(grants("runs/a")) ===
      JSON.stringify(["--allow-read=runs/a", "--allow-write=runs/a", "--allow-sys=homedir"]),
    grants("runs/a").join(" "),
  );
  check(
    JSON.stringify(grants("runs/a", "runs/b", "--out", "out/c.html")) ===
      JSON.stringify([
        "--allow-read=runs/a,runs/b,out/c.html,out/.c.html.tmp",
        "--allow-write=out/c.html,out/.c.html.tmp",
        "--allow-sys=homedir",
      ]),
    grants("runs/a", "runs/b", "--out", "out/c.html").join(" "),
  );
  check(
    grants("runs/a", "runs/b").includes("--allow-write=comparison.html,.comparison.html.tmp"),
    "the default comparison.html goes in the current directory",
  );
});
