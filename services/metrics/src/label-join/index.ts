export { EventTimeStore, type StoreLimits } from './event-time-store.ts';
export { joinOutcome, preferredPrediction, storedPrediction, type JoinedOutcome, type StoredPrediction } from './joined-outcome.ts';
export { LabelJoiner, type LabelJoinerOptions, type LabelJoinerStats } from './label-joiner.ts';
export { JoinedOutcomeWriter, JOINED_OUTCOME_COLUMNS } from './outcome-writer.ts';
export { DEFAULT_PENDING_LABELS, PendingLabels, type PendingLabel } from './pending-labels.ts';
export { ClickHousePredictionLookup, type PredictionLookup } from './prediction-lookup.ts';
export { DEFAULT_RECENT_PREDICTIONS, RecentPredictions } from './recent-predictions.ts';
