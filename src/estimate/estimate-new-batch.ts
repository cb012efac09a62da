/** A validated createBatch input → its cost estimate: LOCAL sources probed in place (sized under bullmq), URL and OSS sources sized (remote-size.ts), nothing stored. */
import { stat } from 'node:fs/promises';
import type { Config } from '../config.js';
import type { NewBatch } from '../db/batch-store.js';
import { resolveProfile } from '../media/profiles.js';
import { resolveLocalPath } from '../sources/local-source.js';
import { localRoots } from '../sources/uploads-dir.js';
import { probeMedia } from '../workers/ffmpeg/probe.js';
import { estimateBatch, type EstimateSource } from './estimate-batch.js';
import { remoteSize, sourceFromSize } from './remote-size.js';
import type { BatchEstimate } from './types.js';

/** What the estimate needs from the running server. */
export interface EstimateDeps {
  config: Config;
  /** null: probe nothing here (QUEUE_DRIVER=bullmq, where ffprobe runs on workers). */
  ffprobePath: string | null;
}

/** Probes every LOCAL source and asks every remote one its size, all at once, then estimates. */
export async function estimateNewBatch(data: NewBatch, deps: EstimateDeps, signal?: AbortSignal): Promise<BatchEstimate> {
  const { config } = deps;
  const sources: EstimateSource[] = await Promise.all(
    data.sources.map(async (s, index): Promise<EstimateSource> => {
      if (s.type !== 'LOCAL' && s.url) {
        const size = await remoteSize(s.type, s.url, config);
        return typeof size === 'number' ? sourceFromSize(index, size, s.compressionProfile ?? data.compressionProfile, config.maxVideoSeconds) : { index, unknown: size.unknown };
      }
      if (s.type !== 'LOCAL' || !s.path) return { index, unknown: `${s.type} sources are measured only once downloaded` };
      try {
        const file = await resolveLocalPath(s.path, localRoots(config));
        // QUEUE_DRIVER=bullmq: ffprobe runs only on workers, so the server sizes the file as it sizes remote ones.
        if (!deps.ffprobePath) {
          const { size } = await stat(file);
          return sourceFromSize(index, size, s.compressionProfile ?? data.compressionProfile, config.maxVideoSeconds, 'once a worker probed it (QUEUE_DRIVER=bullmq runs no ffprobe on the server)');
        }
        const p = await probeMedia(deps.ffprobePath, file, signal);
        const profile = resolveProfile(s.compressionProfile ?? data.compressionProfile, p.durationSeconds);
        return { index, profile, width: p.width, height: p.height, durationSeconds: p.durationSeconds, fps: p.fps, hasAudio: p.hasAudio, sizeBytes: p.sizeBytes };
      } catch (err) {
        return { index, unknown: `it could not be probed (${(err as Error).message.slice(0, 200)})` };
      }
    }),
  );
  return estimateBatch(
    { sources, enableVlAnalysis: data.enableVlAnalysis, enableAsr: data.enableAsr, tempUrlExpirySeconds: data.tempUrlExpirySeconds },
    {
      modelCalls: config.ai.analyzer === 'openai',
      vlModel: config.ai.vlModel,
      textModel: config.ai.textModel,
      prices: config.ai.prices,
      costs: config.costs,
      storageDriver: config.storage.driver,
    },
  );
}
