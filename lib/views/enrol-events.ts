import type { EnrolProgress, EnrolResult, TrafficBaseline } from '../migrate';

/** One line of the enrolment's NDJSON stream (`POST /api/enrol/apply`). */
export type EnrolEvent =
  | { type: 'traffic'; namespace: string; baseline: TrafficBaseline }
  | ({ type: 'progress' } & EnrolProgress)
  | { type: 'result'; result: EnrolResult };
