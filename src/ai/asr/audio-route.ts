/**
 * How Paraformer gets a video's audio. It fetches a URL itself, so the audio
 * goes either to our storage behind a signed link it can reach (OSS, or local
 * storage at a public PUBLIC_BASE_URL) or, with local storage on a private
 * address, through DashScope's temporary file upload (dashscope-upload.ts),
 * which only the China (Beijing) endpoint offers.
 */
import { isLoopbackHost, type Config } from '../../config.js';

/** Where the audio goes: our storage's signed link, or DashScope's temporary upload. */
export type AudioRoute = 'storage-link' | 'dashscope-upload';

/** The route for this configuration, or why neither can work (said as what to configure). */
export function paraformerAudioRoute(config: Config): { route: AudioRoute } | { problem: string } {
  if (config.storage.driver === 'oss') return { route: 'storage-link' };
  const host = config.publicBaseUrlSet ? new URL(config.publicBaseUrl).hostname : null;
  if (host && !isLoopbackHost(host)) return { route: 'storage-link' };
  if (/dashscope-intl\./i.test(new URL(config.asr.dashscopeBaseUrl).hostname)) {
    return {
      problem:
        'enableAsr with Paraformer on local storage sends the audio through DashScope’s temporary file upload, which only the China (Beijing) endpoint offers: ' +
        'set ASR_BASE_URL=https://dashscope.aliyuncs.com with a Beijing key, or use OSS storage (STORAGE_DRIVER=oss), or set PUBLIC_BASE_URL to this server’s public address, or ASR_PROVIDER=openai',
    };
  }
  return { route: 'dashscope-upload' };
}
