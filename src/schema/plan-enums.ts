/** GraphQL enums of the plan's language and the output's shape, and the enum labels query. */
import { LANGUAGES } from '../i18n/language.js';
import { allLabels } from '../i18n/labels.js';
import { OUTPUT_ASPECTS, OUTPUT_FITS } from '../render/aspect.js';
import { builder } from './builder.js';
import { enumOf } from './enum-of.js';


/** The language of text written for people. */
export const LanguageEnum = enumOf('Language', LANGUAGES, 'The language of text written for people: descriptions, labels, themes, reasons.', {
  ZH: 'Simplified Chinese (简体中文).',
  EN: 'English.',
});

/** The output frame shape. */
export const OutputAspectEnum = enumOf('OutputAspect', OUTPUT_ASPECTS, 'The frame shape of the final video.', {
  SOURCE: 'The shape of the source that contributes most of the running time (the default).',
  LANDSCAPE: '16:9, e.g. 1920×1080.',
  PORTRAIT: '9:16 for short-video apps, e.g. 1080×1920.',
  SQUARE: '1:1, e.g. 1080×1080.',
});

/** How sources of another shape fill the frame. */
export const OutputFitEnum = enumOf('OutputFit', OUTPUT_FITS, 'How a source of another shape fills the output frame.', {
  PAD: 'The whole picture, scaled to fit, with bars around it (the default).',
  CROP: 'The frame filled, scaled to cover it, with the centre kept and the edges cut off.',
});

const EnumLabelRef = builder.objectRef<{ enum: string; value: string; label: string }>('EnumLabel').implement({
  description: 'A label to show for one value of a status or stage enum.',
  fields: (t) => ({
    enum: t.exposeString('enum', { description: 'The enum’s GraphQL name: BatchStatus, Stage, StageStatus or VideoStatus.' }),
    value: t.exposeString('value', { description: 'The enum value, e.g. AWAITING_APPROVAL.' }),
    label: t.exposeString('label', { description: 'What to show for it, e.g. 等待审核 or Awaiting approval.' }),
  }),
});

builder.queryFields((t) => ({
  enumLabels: t.field({
    type: [EnumLabelRef],
    description: 'Labels for every value of BatchStatus, Stage, StageStatus and VideoStatus, in one language.',
    args: { language: t.arg({ type: LanguageEnum, required: false, description: 'Default ZH.' }) },
    resolve: (_r, args) => allLabels(args.language ?? 'ZH'),
  }),
}));
