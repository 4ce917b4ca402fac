// The engine fuzzer at length: `npm run fuzz` (10,000 sequences), or
//   npm run fuzz -- --runs 50000 --seed 1234 --commands 60
// Prints the seed first; on a failure, prints the shrunk sequence of commands and the
// line that replays exactly that case (`--seed … --path … --replay …`), and exits with 1.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import fc from "fast-check";
import { engineProperty } from "../tests/fuzz/engineFuzz";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg("runs") ?? 10_000);
const seed = Number(arg("seed") ?? Math.floor(Math.random() * 2 ** 31));
const path = arg("path");
const commands = Number(arg("commands") ?? 40);
const replay = arg("replay");
console.log(`fuzz: ${runs} sequences of up to ${commands} commands, seed ${seed}`);
const started = performance.now();
// A line every 250 sequences: a long run shows that it moves, and how fast.
let done = 0;
const progress = () => {
  done++;
  if (done % 250 === 0)
    console.log(`  ${done} sequences, ${((performance.now() - started) / 1000).toFixed(0)} s`);
};
// The sequence running now, in a file (a signal handler would never run: the check is one
// synchronous loop): `cat` it to see which sequence takes long.
const currentFile = `${tmpdir()}/hopscope-fuzz-current.txt`;
const result = fc.check(
  engineProperty(commands, replay, progress, (describe) => {
    writeFileSync(currentFile, `${done} done; running: ${describe()}\n`);
  }),
  {
    numRuns: runs,
    seed,
    ...(path ? { path } : {}),
  },
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (result.failed) {
  console.log(`FAILED after ${result.numRuns} sequences (${seconds} s).`);
  console.log(`Shrunk counterexample (${result.numShrinks} shrinks):`);
  const [runSeed, topology, sequence] = result.counterexample ?? [];
  const replayPath = /replayPath="([^"]*)"/.exec(String(sequence))?.[1] ?? "";
  console.log(`  seed of the simulation: ${runSeed}, topology: ${topology}`);
  console.log(`  commands: ${String(sequence)}`);
  console.log(
    `  error: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.error)}`,
  );
  console.log(
    `Replay exactly this case: npm run fuzz -- --seed ${seed} --path "${result.counterexamplePath}" --replay "${replayPath}" --commands ${commands}`,
  );
  process.exit(1);
}
console.log(`ok: ${result.numRuns} sequences in ${seconds} s, no failure (seed ${seed}).`);
