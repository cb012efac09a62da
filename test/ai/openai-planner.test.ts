import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiPlanner } from '../../src/ai/openai-planner.js';
import type { VideoAnalysis, VideoWork } from '../../src/domain/types.js';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.js';
import { TEST_KEY, silentLog, testBatch, testConfig, testControl, testVideo } from './helpers.js';

let fake: FakeOpenAi;
beforeAll(async () => void (fake = await startFakeOpenAi()));
afterAll(async () => fake?.close());
beforeEach(() => void (fake.requests.length = 0));

const analysis = (label: string): VideoAnalysis => ({
  description: `video about ${label}`,
  highlights: [{ start: 10, end: 20, label, score: 0.9 }],
  tags: [label],
  scenes: [{ start: 0, end: 60, description: 'opening' }],
});

const videos = (): VideoWork[] => [
  testVideo(0, 300, { analysis: analysis('goal'), transcript: [{ start: 11, end: 13, text: 'what a strike' }] }),
  testVideo(2, 200, { analysis: analysis('crowd') }),
  testVideo(3, 100, { analysis: null }), // not analysed: not offered
];

const GOOD = { theme: 'Match', clips: [{ videoIndex: 0, start: 10, end: 100, reason: 'goal' }, { videoIndex: 2, start: 0, end: 60, reason: 'crowd' }] };

function planner() {
  return createOpenAiPlanner({ config: testConfig({ AI_BASE_URL: fake.baseUrl }), log: silentLog, retry: { retries: 2, baseDelayMs: 1, sleep: async () => {} } });
}

describe('openai planner', () => {
  it('asks the text model in JSON mode with every ready video and the user wishes', async () => {
    fake.enqueue({ kind: 'json', body: GOOD, usage: { prompt_tokens: 3000, completion_tokens: 100 } });
    const out = await planner().plan({ batch: testBatch(), videos: videos(), customPrompt: 'Focus on the goal.' }, testControl());
    expect(out.origin).toBe('AI');
    expect(out.plan).toEqual(GOOD);
    expect(out.usage[0]).toMatchObject({ stage: 'PLAN_GENERATION', model: 'qwen-plus', promptTokens: 3000, videoIndex: null });
    const req = fake.requests[0]!;
    expect(req.model).toBe('qwen-plus');
    expect(req.body.response_format).toEqual({ type: 'json_object' });
    expect(String(req.messages[0]!.content)).toMatch(/JSON/);
    const user = String(req.messages[1]!.content);
    expect(user).toContain('## Video 0 (duration 300.0 s)');
    expect(user).toContain('## Video 2 (duration 200.0 s)');
    expect(user).not.toContain('## Video 3');
    expect(user).toContain('10.0–20.0 s: goal (score 0.90)');
    expect(user).toContain('[11.0–13.0] what a strike');
    expect(user).toMatch(/user's extra wishes[\s\S]*Focus on the goal\./);
    expect(user).toMatch(/120\.0–250\.0 s in total/); // half of the 500 s of ready footage
    expect(out.note).toBeNull();
  });

  it('a requested length and ZH: the prompt asks for about 30 s and for Chinese', async () => {
    const plan = { theme: '比赛集锦', clips: [{ videoIndex: 0, start: 10, end: 40, reason: '进球' }] };
    fake.enqueue({ kind: 'json', body: plan });
    const out = await planner().plan({ batch: testBatch({ targetDurationSeconds: 30, language: 'ZH' }), videos: videos(), customPrompt: null }, testControl());
    expect(out.plan).toEqual(plan);
    const system = String(fake.requests[0]!.messages[0]!.content);
    expect(system).toContain('about 30.0 s');
    expect(system).toContain('Simplified Chinese (简体中文)');
    expect(String(fake.requests[0]!.messages[1]!.content)).toContain('about 30.0 s in total');
  });

  it('an 8 s plan for a 30 s target, kept after the repair by a stubborn model: the plan and a note', async () => {
    const short = { theme: 'Match', clips: [{ videoIndex: 0, start: 10, end: 18, reason: 'goal' }] };
    fake.enqueue({ kind: 'json', body: short }, { kind: 'json', body: short });
    const out = await planner().plan({ batch: testBatch({ targetDurationSeconds: 30 }), videos: videos(), customPrompt: null }, testControl());
    expect(out.plan).toEqual(short);
    expect(out.usage).toHaveLength(2);
    expect(String(fake.requests[1]!.messages.at(-1)!.content)).toContain('the clips add up to 8.0 s; the target is about 30.0 s (at least 22.5 s) [TOTAL_TOO_SHORT]');
    expect(out.note).toBe('kept although it misses the target length: 8.0 s for a target of about 30.0 s');
  });

  it('a clip past the end → one repair request with the violation → success', async () => {
    const bad = { theme: 'Match', clips: [{ videoIndex: 2, start: 100, end: 250, reason: 'late' }] };
    fake.enqueue({ kind: 'json', body: bad }, { kind: 'json', body: GOOD });
    const out = await planner().plan({ batch: testBatch(), videos: videos(), customPrompt: null }, testControl());
    expect(out.plan).toEqual(GOOD);
    expect(out.usage).toHaveLength(2);
    const repair = String(fake.requests[1]!.messages.at(-1)!.content);
    expect(repair).toContain('clip 0: end 250.0 is past the end of video 2 (duration 200.0 s) [END_PAST_DURATION]');
  });

  it('still invalid after the repair → fails naming the rule and quoting the answer', async () => {
    const bad = { theme: 'Match', clips: [{ videoIndex: 9, start: 0, end: 130, reason: 'nope' }] };
    fake.enqueue({ kind: 'json', body: bad }, { kind: 'json', body: bad });
    const err = (await planner().plan({ batch: testBatch(), videos: videos(), customPrompt: null }, testControl()).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('ModelAnswerError');
    expect(err.message).toMatch(/there is no video 9/);
    expect(err.message).toContain('"videoIndex":9');
    expect(err.message).not.toContain(TEST_KEY);
  });
});
