/** Batch fields about the plan's target, language and output shape, and the localized labels. */
import { enumLabel } from '../i18n/labels.js';
import { OutputSettingsRef } from './batch.js';
import { builder } from './builder.js';
import { LanguageEnum, OutputAspectEnum, OutputFitEnum } from './plan-enums.js';
import { BatchRef, ClipPlanRef, StageRunRef, VideoRef } from './refs.js';

builder.objectFields(OutputSettingsRef, (t) => ({
  aspect: t.field({ type: OutputAspectEnum, resolve: (o) => o.aspect ?? 'SOURCE', description: 'Frame shape: SOURCE, LANDSCAPE, PORTRAIT or SQUARE.' }),
  fit: t.field({ type: OutputFitEnum, resolve: (o) => o.fit ?? 'PAD', description: 'How sources of another shape fill the frame: PAD or CROP.' }),
}));

builder.objectFields(BatchRef, (t) => ({
  targetDurationSeconds: t.exposeInt('targetDurationSeconds', {
    nullable: true,
    description: 'The plan length asked for, in seconds; null for the default (2–5 minutes, at most half the ready footage).',
  }),
  language: t.field({ type: LanguageEnum, resolve: (b) => b.language, description: 'Language of the text written for people.' }),
  statusLabel: t.string({
    description: 'The status as a label for people.',
    args: { language: t.arg({ type: LanguageEnum, required: false, description: 'Default: the batch’s language.' }) },
    resolve: (b, args) => enumLabel('BatchStatus', b.status, args.language ?? b.language),
  }),
}));

builder.objectFields(StageRunRef, (t) => ({
  label: t.string({
    description: 'The stage’s name as a label for people.',
    args: { language: t.arg({ type: LanguageEnum, required: false, description: 'Default ZH.' }) },
    resolve: (s, args) => enumLabel('Stage', s.stage, args.language ?? 'ZH'),
  }),
  statusLabel: t.string({
    description: 'The stage’s state as a label for people.',
    args: { language: t.arg({ type: LanguageEnum, required: false, description: 'Default ZH.' }) },
    resolve: (s, args) => enumLabel('StageStatus', s.status, args.language ?? 'ZH'),
  }),
}));

builder.objectFields(VideoRef, (t) => ({
  statusLabel: t.string({
    description: 'The video’s state as a label for people.',
    args: { language: t.arg({ type: LanguageEnum, required: false, description: 'Default ZH.' }) },
    resolve: (v, args) => enumLabel('VideoStatus', v.status, args.language ?? 'ZH'),
  }),
}));

builder.objectFields(ClipPlanRef, (t) => ({
  note: t.exposeString('note', {
    nullable: true,
    description: 'Why this version was kept although it misses the target length (the model would not meet it); null otherwise.',
  }),
}));
