import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, parseCliArgs } from '../../src/cli/parse-args.js';
import { parsePlanText } from '../../src/cli/read-plan-file.js';

describe('parseCliArgs', () => {
  it('asks for help with --help, -h, "help" or nothing', () => {
    for (const argv of [['--help'], ['-h'], ['help'], [], ['process', 'a.mp4', '--help']]) {
      expect(parseCliArgs(argv)).toEqual({ command: 'help' });
    }
  });

  it('parses process with its files and options', () => {
    expect(
      parseCliArgs(['process', 'a.mp4', 'b.mp4', '-o', 'x.mp4', '--profile', 'aggressive', '--prompt', ' goals ', '--data', 'd', '-d', '30', '--lang', 'en', '--aspect', 'portrait', '--fit', 'crop']),
    ).toEqual({
      command: 'process',
      files: ['a.mp4', 'b.mp4'],
      out: 'x.mp4',
      profile: 'AGGRESSIVE',
      prompt: 'goals',
      planOnly: false,
      planFile: null,
      dataDir: 'd',
      duration: 30,
      language: 'EN',
      aspect: 'PORTRAIT',
      fit: 'CROP',
      timeline: null,
    });
  });

  it('has defaults: ./highlight.mp4, the batch profile, no prompt', () => {
    expect(parseCliArgs(['process', 'a.mp4', '--plan-only'])).toMatchObject({
      out: DEFAULT_OUT,
      profile: null,
      prompt: null,
      planOnly: true,
      planFile: null,
      dataDir: null,
    });
    expect(parseCliArgs(['process', 'a.mp4', '--plan', 'p.json'])).toMatchObject({ planFile: 'p.json', planOnly: false });
  });

  it.each([
    [['process'], /at least one video/],
    [['process', 'a.mp4', '--duration', '4'], /--duration must be whole seconds from 5 to 600/],
    [['process', 'a.mp4', '--duration', '30.5'], /--duration must be whole seconds/],
    [['process', 'a.mp4', '--lang', 'fr'], /--lang must be one of ZH, EN/],
    [['process', 'a.mp4', '--timeline', 'cut.mov'], /--timeline needs a file ending in .otio, .fcpxml or .edl/],
    [['process', 'a.mp4', '--aspect', 'wide'], /--aspect must be one of SOURCE, LANDSCAPE, PORTRAIT, SQUARE/],
    [['render', 'a.mp4'], /unknown command "render"/],
    [['process', 'a.mp4', '--profile', 'FAST'], /--profile must be one of AGGRESSIVE, BALANCED, CONSERVATIVE, DYNAMIC/],
    [['process', 'a.mp4', '--plan-only', '--plan', 'p.json'], /exclude each other/],
    [['process', 'a.mp4', '--bogus'], /bogus/],
    [['process', 'a.mp4', '--out'], /--out/],
    [['process', 'a.mp4', '--out', ' '], /--out needs a path/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
    try {
      parseCliArgs(argv);
    } catch (err) {
      expect((err as Error).name).toBe('UsageError');
    }
  });
});

describe('parsePlanText', () => {
  it('reads the shape --plan-only prints, allowing m:ss times and a missing reason', () => {
    const text = JSON.stringify({ theme: 'T', clips: [{ videoIndex: 1, start: '0:01.5', end: 4 }] });
    expect(parsePlanText(text, 'p.json')).toEqual({ theme: 'T', clips: [{ videoIndex: 1, start: 1.5, end: 4, reason: '' }] });
  });

  it('names the file and the problem', () => {
    expect(() => parsePlanText('{', 'p.json')).toThrow(/p.json is not valid JSON/);
    expect(() => parsePlanText('{"theme":"T"}', 'p.json')).toThrow(/p.json is not a plan.*clips/);
    expect(() => parsePlanText('{"theme":"T","clips":[{"videoIndex":0,"start":"soon","end":2}]}', 'p.json')).toThrow(
      /clips\.0\.start/,
    );
  });
});
