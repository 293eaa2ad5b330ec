/**
 * The class of a ground-truth label for a classifier: the label's class, or, when the prediction
 * is a class and the label came as a number (0/1 classes sent as numbers), that number as text.
 * Null for a regression label.
 */
export function outcomeLabelClass(predictionLabel: string | null, labelValue: number | null, labelClass: string | null): string | null {
  if (labelClass !== null) return labelClass;
  return predictionLabel !== null && labelValue !== null ? String(labelValue) : null;
}
