#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const { runBenchmarks } = await import('../src/bench/run-benchmarks.ts');
process.exitCode = await runBenchmarks(process.argv.slice(2));
