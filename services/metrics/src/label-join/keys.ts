/** The join key: prediction ids are unique per model only. Length-prefixed, so no separator can collide. */
export function predictionKey(modelId: string, predictionId: string): string {
  return `${modelId.length}:${modelId}${predictionId}`;
}

/** A joined outcome's identity, and a pending label's: (model_id, prediction_id, label event_id). */
export function outcomeKey(modelId: string, predictionId: string, labelEventId: string): string {
  return `${modelId.length}:${modelId}${predictionId.length}:${predictionId}${labelEventId}`;
}
