/** The words the offline analyzer and planner write, in each language. */
import type { Language } from './language.js';

/** Label keys of an offline highlight (what makes a moment stand out). */
export type UnitLabel = 'black screen' | 'still picture' | 'loud action' | 'loud moment' | 'fast motion' | 'quick cuts' | 'steady shot';

/** Every phrase the offline analyzer and planner write for people. */
export interface OfflineText {
  label: Record<UnitLabel, string>;
  /** Scene description words. */
  silent: string;
  loud: string;
  quiet: string;
  moderateSound: string;
  lotsOfMotion: string;
  littleMotion: string;
  someMotion: string;
  mostlyBlack: string;
  frozenPicture: string;
  /** Joins description words. */
  listSeparator: string;
  seconds(n: string): string;
  scenes(n: number): string;
  noAudio: string;
  loudestAround(a: string, b: string): string;
  mostMotionAround(a: string, b: string): string;
  black(n: string): string;
  frozen(n: string): string;
  /** Planner reasons and themes. */
  highlightReason(label: string, score: string): string;
  sceneReason(description: string): string;
  fillReason: string;
  wholeVideoReason: string;
  themeFromTags(tags: string[]): string;
  themeOne: string;
  themeMany(n: number): string;
}

const EN: OfflineText = {
  label: {
    'black screen': 'black screen',
    'still picture': 'still picture',
    'loud action': 'loud action',
    'loud moment': 'loud moment',
    'fast motion': 'fast motion',
    'quick cuts': 'quick cuts',
    'steady shot': 'steady shot',
  },
  silent: 'silent',
  loud: 'loud',
  quiet: 'quiet',
  moderateSound: 'moderate sound',
  lotsOfMotion: 'lots of motion',
  littleMotion: 'little motion',
  someMotion: 'some motion',
  mostlyBlack: 'mostly black',
  frozenPicture: 'frozen picture',
  listSeparator: ', ',
  seconds: (n) => `${n} s`,
  scenes: (n) => `${n} scene${n === 1 ? '' : 's'}`,
  noAudio: 'no audio',
  loudestAround: (a, b) => `loudest around ${a}–${b} s`,
  mostMotionAround: (a, b) => `most motion around ${a}–${b} s`,
  black: (n) => `${n} s black`,
  frozen: (n) => `${n} s frozen`,
  highlightReason: (label, score) => `${label} (score ${score})`,
  sceneReason: (d) => (d ? `scene: ${d}` : 'scene'),
  fillReason: 'more footage to reach the target length',
  wholeVideoReason: 'the whole video (the footage is shorter than the target)',
  themeFromTags: (tags) => `Highlights: ${tags.join(', ')}`,
  themeOne: 'Highlights',
  themeMany: (n) => `Highlights from ${n} videos`,
};

const ZH: OfflineText = {
  label: {
    'black screen': '黑屏',
    'still picture': '静止画面',
    'loud action': '激烈场面',
    'loud moment': '高音量时刻',
    'fast motion': '快速运动',
    'quick cuts': '快速剪切',
    'steady shot': '平稳镜头',
  },
  silent: '无声',
  loud: '声音响亮',
  quiet: '安静',
  moderateSound: '声音适中',
  lotsOfMotion: '动作很多',
  littleMotion: '动作很少',
  someMotion: '有些动作',
  mostlyBlack: '大部分黑屏',
  frozenPicture: '画面静止',
  listSeparator: '，',
  seconds: (n) => `${n} 秒`,
  scenes: (n) => `${n} 个场景`,
  noAudio: '无音频',
  loudestAround: (a, b) => `最响亮处约在 ${a}–${b} 秒`,
  mostMotionAround: (a, b) => `动作最多处约在 ${a}–${b} 秒`,
  black: (n) => `${n} 秒黑屏`,
  frozen: (n) => `${n} 秒静止`,
  highlightReason: (label, score) => `${label}（评分 ${score}）`,
  sceneReason: (d) => (d ? `场景：${d}` : '场景'),
  fillReason: '补充素材以达到目标时长',
  wholeVideoReason: '完整视频（素材短于目标时长）',
  themeFromTags: (tags) => `精彩集锦：${tags.join('、')}`,
  themeOne: '精彩集锦',
  themeMany: (n) => `${n} 个视频的精彩集锦`,
};

/** The phrase table of a language (English when none is given). */
export function offlineText(language: Language | null | undefined): OfflineText {
  return language === 'ZH' ? ZH : EN;
}
