/** Chinese and English labels of the status and stage enums, for clients to show. */
import type { BatchStatus, Stage, StageStatus, VideoStatus } from '../domain/statuses.js';
import type { Language } from './language.js';

type Labels<T extends string> = Record<T, { ZH: string; EN: string }>;

const BATCH_STATUS: Labels<BatchStatus> = {
  QUEUED: { ZH: '排队中', EN: 'Queued' },
  PREPARING: { ZH: '准备中', EN: 'Preparing' },
  DOWNLOADING: { ZH: '下载中', EN: 'Downloading' },
  COMPRESSING: { ZH: '压缩中', EN: 'Compressing' },
  UPLOADING_TEMP: { ZH: '上传临时文件', EN: 'Uploading copies' },
  VL_ANALYZING: { ZH: '视觉分析中', EN: 'Analysing videos' },
  GENERATING_PLAN: { ZH: '生成剪辑方案', EN: 'Drafting the plan' },
  AWAITING_APPROVAL: { ZH: '等待审核', EN: 'Awaiting approval' },
  CLIPPING: { ZH: '剪辑片段', EN: 'Cutting clips' },
  MERGING: { ZH: '合并中', EN: 'Joining clips' },
  UPLOADING_FINAL: { ZH: '上传成片', EN: 'Storing the result' },
  CLEANUP: { ZH: '清理中', EN: 'Cleaning up' },
  COMPLETED: { ZH: '已完成', EN: 'Completed' },
  FAILED: { ZH: '失败', EN: 'Failed' },
  CANCELLED: { ZH: '已取消', EN: 'Cancelled' },
};

const STAGE: Labels<Stage> = {
  PREPARATION: { ZH: '准备素材', EN: 'Preparation' },
  COMPRESSION: { ZH: '压缩', EN: 'Compression' },
  TEMP_UPLOAD: { ZH: '临时上传', EN: 'Temporary upload' },
  VL_ANALYSIS: { ZH: '视觉分析', EN: 'Video analysis' },
  PLAN_GENERATION: { ZH: '生成方案', EN: 'Plan generation' },
  APPROVAL: { ZH: '审核', EN: 'Approval' },
  RENDERING: { ZH: '渲染', EN: 'Rendering' },
  FINAL_UPLOAD: { ZH: '上传成片', EN: 'Final upload' },
  CLEANUP: { ZH: '清理', EN: 'Cleanup' },
};

const STAGE_STATUS: Labels<StageStatus> = {
  PENDING: { ZH: '未开始', EN: 'Pending' },
  RUNNING: { ZH: '进行中', EN: 'Running' },
  COMPLETED: { ZH: '已完成', EN: 'Completed' },
  FAILED: { ZH: '失败', EN: 'Failed' },
  SKIPPED: { ZH: '已跳过', EN: 'Skipped' },
};

const VIDEO_STATUS: Labels<VideoStatus> = {
  PENDING: { ZH: '未开始', EN: 'Pending' },
  PREPARING: { ZH: '准备中', EN: 'Preparing' },
  COMPRESSING: { ZH: '压缩中', EN: 'Compressing' },
  UPLOADING: { ZH: '上传中', EN: 'Uploading' },
  ANALYZING: { ZH: '分析中', EN: 'Analysing' },
  READY: { ZH: '就绪', EN: 'Ready' },
  FAILED: { ZH: '失败', EN: 'Failed' },
};

/** Every labelled enum by its GraphQL name. */
export const ENUM_LABELS = { BatchStatus: BATCH_STATUS, Stage: STAGE, StageStatus: STAGE_STATUS, VideoStatus: VIDEO_STATUS } as const;
/** A labelled enum's GraphQL name. */
export type LabelledEnum = keyof typeof ENUM_LABELS;

/** The label of one enum value in a language (the value itself when unknown). */
export function enumLabel(name: LabelledEnum, value: string, language: Language): string {
  const table = ENUM_LABELS[name] as Record<string, { ZH: string; EN: string }>;
  return table[value]?.[language] ?? value;
}

/** Every label of every labelled enum, in one language. */
export function allLabels(language: Language): Array<{ enum: LabelledEnum; value: string; label: string }> {
  return (Object.keys(ENUM_LABELS) as LabelledEnum[]).flatMap((name) =>
    Object.entries(ENUM_LABELS[name] as Record<string, { ZH: string; EN: string }>).map(([value, l]) => ({ enum: name, value, label: l[language] })),
  );
}
