// `npm run fuzz [-- --seed N --runs N]`: the long fuzzing run. Without --seed it picks one and prints it,
// so any failure can be replayed with the same seed.
import { describeSummary, runFuzz } from '../test/fuzz/run';

function numberFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} expects a whole number`);
  return value;
}

const seed = numberFlag('--seed', Date.now() % 2 ** 31);
const runs = numberFlag('--runs', 5000);
console.log(`fuzz: seed ${seed}, ${runs} generated + ${runs} mutated programs (replay: npm run fuzz -- --seed ${seed} --runs ${runs})`);
try {
  console.log(describeSummary(runFuzz({ seed, programs: runs, mutated: runs })));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
