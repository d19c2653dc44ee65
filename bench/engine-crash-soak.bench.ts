/**
 * Crash soak: the crash harness (electron/engine/crash/harness.ts) sends generations of mixed
 * traffic (SMS, family phones with identical bodies, WhatsApp, voice, SMS → email fallback,
 * quiet-hours holds) through the fake's plain, list-lag and trial-prefix modes while it is
 * SIGKILLed at seeded placements (before the POST, after the POST before its answer, after the
 * answer before its commit, during reconciliation, during status polling) and restarted.
 * Prints kills per placement, and lost and duplicated messages per channel and per placement.
 *
 *   npx tsx bench/engine-crash-soak.bench.ts [--kills K] [--size N] [--seed S] [--no-holds]
 */
import { parseArgs } from 'node:util';
import { PLACEMENTS, runSoak } from '../electron/engine/crash/soak';
import { writeResult } from './engine-support';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '200' }, size: { type: 'string', default: '40' }, seed: { type: 'string', default: '20261121' }, 'no-holds': { type: 'boolean', default: false } },
});
const result = await runSoak({ kills: Number(values.kills), size: Number(values.size), seed: Number(values.seed), holds: !values['no-holds'] });
const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`g. crash soak: ${result.kills} SIGKILLs over ${result.runs} runs, ${result.generations} generations, ${result.minutes} min (seed ${values.seed})`);
console.log(`   kills per placement: ${fmt(result.killsPerPlacement)}`);
console.log(`   messages per channel: ${fmt(result.messages)}`);
console.log(`   lost per channel: ${fmt(result.lost)}`);
console.log(`   duplicates per channel: ${fmt(result.duplicates)} (email is at-least-once)`);
console.log(`   duplicates per placement of the kill before them: ${fmt(result.duplicatesPerPlacement)}`);
console.log(`   deliveries still open: ${result.openDeliveries}; placements: ${PLACEMENTS.join(', ')}`);
writeResult('engine-crash-soak', result);
