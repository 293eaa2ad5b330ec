import { seriesOf, type SeriesKey, type WindowInput } from '@modelwatch/core';

const ALL = '';

/** The series a window input counts in: its model version, whole and per segment it carries. */
export function inputSeries(input: WindowInput): readonly SeriesKey[] {
  switch (input.kind) {
    case 'inference':
      return seriesOf(input.event);
    case 'outcome':
      return seriesOf(input.outcome);
    case 'rejected':
      return [{ modelId: input.modelId, modelVersion: input.modelVersion, segmentName: ALL, segmentValue: ALL }];
  }
}
