/**
 * `autoclip process` end to end: the CLI runs as a child process (through tsx)
 * on two tiny generated clips, with real ffmpeg, SQLite and local storage.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchStore } from '../../src/db/batch-store.js';
import { createDb } from '../../src/db/client.js';
import { PlanStore } from '../../src/db/plan-store.js';
import { startOssServer } from '../support/oss-server.js';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
const ROOT = path.resolve(import.meta.dirname, '../..');
// `node --import tsx`, not the tsx binary: that one runs the script in a second process and relays
// signals, so a Ctrl-C could reach the CLI late or not through its handler.
const NODE_ARGS = ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const FPS = 25;
const FRAME = 1 / FPS;

let dir: string;
let a: string;
let b: string;
let counter = 0;

/**
 * Runs the CLI in the temp dir with a fresh data dir; resolves with its exit
 * code and output. `onStdout` sees the output so far and may signal the child.
 */
function cli(
  args: string[],
  options: { env?: Record<string, string>; onStdout?: (soFar: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; dataDir: string }> {
  const dataDir = path.join(dir, `data-${++counter}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, MAIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKER_THREADS: '2', RETRY_BASE_DELAY_MS: '10', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, dataDir }));
  });
}

async function durationOf(file: string): Promise<{ duration: number; streams: string[] }> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', file]);
  const info = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string }[] };
  return { duration: Number(info.format.duration), streams: info.streams.map((s) => s.codec_type).sort() };
}

/** The newest batch and its current plan, read from the CLI's own database. */
function storedPlan(dataDir: string) {
  const db = createDb(path.join(dataDir, 'autoclip.db'));
  try {
    const batches = new BatchStore(db);
    const plans = new PlanStore(db);
    const [batch] = batches.list({ first: 1 });
    const plan = plans.current(batch!.id);
    return { batch: batch!, plan: plan!, draft: plan && plans.draftOf(plan), renders: plans.renders(batch!.id) };
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-cli-'));
  a = path.join(dir, 'a.mp4');
  b = path.join(dir, 'b.mp4');
  const clip = (file: string, hz: number) =>
    run(FFMPEG, [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=${FPS}:duration=4`,
      '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=4`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
      file,
    ]);
  await Promise.all([clip(a, 440), clip(b, 660)]);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('autoclip process', () => {
  it('renders the auto-approved plan to --out, printing plain progress lines when stdout is not a terminal', async () => {
    const out = path.join(dir, 'out.mp4');
    const res = await cli(['process', 'a.mp4', 'b.mp4', '--out', 'out.mp4']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const { plan, batch, renders } = storedPlan(res.dataDir);
    expect(batch.status).toBe('COMPLETED');
    expect(batch.autoApprove).toBe(true);
    const probe = await durationOf(out);
    expect(probe.streams).toEqual(['audio', 'video']);
    expect(Math.abs(probe.duration - plan.totalDurationSeconds)).toBeLessThanOrEqual(FRAME * renders.length * 2);
    // Appended lines, no cursor movement; every stage reported done (approval skipped).
    expect(res.stdout).not.toMatch(/\x1b\[/);
    for (const label of ['prepare', 'compress', 'upload temp', 'analyse', 'plan', 'render', 'store result', 'clean up']) {
      expect(res.stdout).toMatch(new RegExp(`^${label} +\\[#+\\] 100%  done`, 'm'));
    }
    expect(res.stdout).toMatch(/^approve .*skipped {2}auto-approved$/m);
    expect(res.stdout).toMatch(/^ {2}video 1 /m);
    expect(res.stdout).toMatch(/^wrote out\.mp4 \(\d+\.\d\d s, 320x240, /m);
  });

  it('--plan-only prints the plan as JSON on stdout (progress on stderr) and renders nothing', async () => {
    const timeline = path.join(dir, 'plan.otio');
    const res = await cli(['process', a, b, '--plan-only', '--profile', 'aggressive', '--timeline', timeline]);
    expect(res.code).toBe(0);
    const plan = JSON.parse(res.stdout) as { theme: string; clips: { videoIndex: number; start: number; end: number; reason: string }[] };
    // --timeline: the same plan as OpenTimelineIO, in/out in frames of the originals.
    const otio = JSON.parse(fs.readFileSync(timeline, 'utf8'));
    const otioClips = otio.tracks.children[0].children;
    expect(otioClips).toHaveLength(plan.clips.length);
    otioClips.forEach((c: any, i: number) => expect(c.source_range.start_time.value).toBe(Math.round(plan.clips[i]!.start * c.source_range.start_time.rate)));
    expect(Object.keys(plan).sort()).toEqual(['clips', 'theme']);
    expect(plan.clips.length).toBeGreaterThan(0);
    for (const c of plan.clips) {
      expect(Object.keys(c).sort()).toEqual(['end', 'reason', 'start', 'videoIndex']);
      expect([0, 1]).toContain(c.videoIndex);
      expect(c.end).toBeGreaterThan(c.start);
    }
    expect(res.stderr).toMatch(/^plan +\[#+\] 100%  done/m);
    const stored = storedPlan(res.dataDir);
    expect(stored.draft).toEqual(plan);
    expect(stored.batch.compressionProfile).toBe('AGGRESSIVE');
    // Nobody approves it from here, so the batch is cancelled (and its temporary files removed).
    expect(stored.batch.status).toBe('CANCELLED');
    expect(stored.renders).toEqual([]);
    expect(fs.existsSync(path.join(res.dataDir, 'work', stored.batch.id))).toBe(false);
  });

  it('--plan FILE renders exactly that plan', async () => {
    const plan = {
      theme: 'B before A',
      clips: [
        { videoIndex: 1, start: 0, end: 4, reason: 'the high tone' },
        { videoIndex: 0, start: 0.4, end: 4, reason: 'the low tone, trimmed' },
      ],
    };
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
    const res = await cli(['process', 'a.mp4', 'b.mp4', '--plan', 'plan.json', '-o', 'edited.mp4', '-p', 'AGGRESSIVE']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const stored = storedPlan(res.dataDir);
    expect(stored.plan.origin).toBe('USER');
    expect(stored.plan.status).toBe('APPROVED');
    expect(stored.draft).toEqual(plan);
    const probe = await durationOf(path.join(dir, 'edited.mp4'));
    expect(Math.abs(probe.duration - 7.6)).toBeLessThanOrEqual(FRAME * plan.clips.length);
  });

  it('--plan FILE with a plan that breaks a rule exits 2 naming the clip', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ theme: 'x', clips: [{ videoIndex: 7, start: 0, end: 4, reason: 'r' }] }));
    const res = await cli(['process', 'a.mp4', 'b.mp4', '--plan', 'bad.json', '-o', 'never.mp4', '-p', 'AGGRESSIVE']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/the plan in bad\.json was refused: clip 0: .*video 7/);
    expect(fs.existsSync(path.join(dir, 'never.mp4'))).toBe(false);
  });

  it('with OSS storage, downloads the result from its signed URL', async () => {
    const oss = await startOssServer();
    try {
      const res = await cli(['process', 'a.mp4', 'b.mp4', '-o', 'from-oss.mp4', '-p', 'AGGRESSIVE'], {
        env: {
          STORAGE_DRIVER: 'oss',
          OSS_REGION: 'cn-hangzhou',
          OSS_BUCKET: 'test-bucket',
          OSS_ENDPOINT: oss.endpoint,
          OSS_ACCESS_KEY_ID: 'test',
          OSS_ACCESS_KEY_SECRET: 'test',
          OSS_SIGNATURE_V4: 'true',
          OSS_PATH_STYLE: 'true',
        },
      });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const { batch, renders } = storedPlan(res.dataDir);
      const key = renders[0]!.storageKey!;
      expect(key).toMatch(new RegExp(`^processed/${batch.id}/final_\\d{14}\\.mp4$`));
      // The file written is the stored object, fetched through a signed GET.
      expect(fs.readFileSync(path.join(dir, 'from-oss.mp4')).equals(oss.objects.get(`test-bucket/${key}`)!.body)).toBe(true);
      expect(oss.requests.some((r) => r.method === 'GET' && r.key === key && r.auth.endsWith('query') && r.status === 200)).toBe(true);
    } finally {
      await oss.close();
    }
  });

  it('Ctrl-C cancels the batch, cleans up and exits 130', async () => {
    let sent = false;
    const res = await cli(['process', 'a.mp4', 'b.mp4', '-o', 'interrupted.mp4'], {
      onStdout: (soFar, child) => {
        // Interrupt once work is under way (the first progress line), as a person would.
        if (!sent && /^prepare /m.test(soFar)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(res.code).toBe(130);
    expect(res.stderr).toContain('interrupted; the batch was cancelled');
    const { batch } = storedPlan(res.dataDir);
    expect(batch.status).toBe('CANCELLED');
    expect(fs.existsSync(path.join(res.dataDir, 'work', batch.id))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'interrupted.mp4'))).toBe(false);
  });

  it('a missing file exits 2 with a message naming it, before creating anything', async () => {
    const res = await cli(['process', 'a.mp4', 'nope/missing.mp4']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('nope/missing.mp4');
    expect(fs.existsSync(res.dataDir)).toBe(false);
  });

  it('bad usage exits 2; --help prints usage and exits 0', async () => {
    const [bad, help] = await Promise.all([cli(['process', 'a.mp4', '--profile', 'fast']), cli(['--help'])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile must be one of/);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}autoclip process FILE\.\.\. \[options\]/m);
    expect(help.stdout).toContain('--plan-only');
  });
});
