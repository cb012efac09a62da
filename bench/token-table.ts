/** Prints the per-profile token table for a 10-minute 1080p source (pure arithmetic, no model call): `npx tsx bench/token-table.ts`. */
import { MODEL_INPUT_LIMIT_TOKENS } from '../src/ai/analysis-request.js';
import { tokenTable } from '../src/ai/token-table.js';

const rows = tokenTable({ width: 1920, height: 1080, durationSeconds: 600, fps: 30 });
console.log(`| profile | copy | original (2 fps, ≤ 602,112 px) | copy, no sampling asked | request sent | saving | ≤ ${MODEL_INPUT_LIMIT_TOKENS.toLocaleString('en')} |`);
console.log('|---|---|---:|---:|---:|---:|---|');
for (const r of rows) {
  console.log(
    `| ${r.profile} | ${r.copy.width}×${r.copy.height} @ ${r.copy.fps} fps | ${r.originalTokens.toLocaleString('en')} | ${r.copyDefaultTokens.toLocaleString('en')} | ${r.requestTokens.toLocaleString('en')} | ${(r.saving * 100).toFixed(1)} % | ${r.underLimit ? 'yes' : 'no'} |`,
  );
}
for (const r of rows) console.log(`- ${r.profile}: ${r.basis}`);
