import { createRequire } from 'node:module';

/**
 * The @microsoft/recognizers-text packages this bot uses, loaded with `require`. Each is one CommonJS bundle of
 * megabytes of models. Imported from an ES module, Node's ES loader reads a bundle's source for itself as well as the
 * CommonJS loader's compiled copy, and V8 keeps both: 4.4 MB of heap for date-time and sequence (issue 9, heap
 * snapshot at start). Through `require` each is compiled once and shared with botbuilder-dialogs' prompts, which
 * require the same versions (package.json pins them to the versions botbuilder-dialogs asks for).
 */
const require = createRequire(import.meta.url);

export const { Culture, recognizeDateTime } =
  require('@microsoft/recognizers-text-date-time') as typeof import('@microsoft/recognizers-text-date-time');
export const { recognizeNumber } =
  require('@microsoft/recognizers-text-number') as typeof import('@microsoft/recognizers-text-number');
export const { recognizeEmail } =
  require('@microsoft/recognizers-text-sequence') as typeof import('@microsoft/recognizers-text-sequence');
