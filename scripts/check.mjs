// `npm run check`: the type checks, the linter and the formatting check, two at a time (they read
// the sources and write nothing). Each one's output is printed whole when it ends, under its
// name; the exit code is non-zero when any of them failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const CHECKS = [
  ['types (tsc)', 'tsc', ['--noEmit', '-p', 'tsconfig.json']],
  ['svelte components (svelte-check)', 'svelte-check', ['--tsconfig', './web/tsconfig.json', '--threshold', 'error']],
  ['lint (eslint)', 'eslint', ['.']],
  ['formatting (prettier)', 'prettier', ['--check', '.']],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { shell: process.platform === 'win32', env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const end = (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`== ${name}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s`);
      if (output.trim()) console.log(output.trimEnd());
      resolve(code === 0);
    };
    child.on('error', (err) => {
      output += String(err);
      end(1);
    });
    child.on('close', (code) => end(code ?? 1));
  });
}

const queue = [...CHECKS];
const results = [];
const lanes = Array.from({ length: Math.min(2, availableParallelism()) }, async () => {
  while (queue.length) results.push(await run(queue.shift()));
});
await Promise.all(lanes);
process.exit(results.every(Boolean) ? 0 : 1);
