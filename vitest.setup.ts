/**
 * Property tests run from one fixed seed, so a CI run is as green as the last and a failure
 * reproduces. `FC_SEED=<number>` runs them from another seed and `FC_SEED=random` from a fresh one
 * each time: that is how to explore further (and fast-check prints the seed of any failure).
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261201 });
