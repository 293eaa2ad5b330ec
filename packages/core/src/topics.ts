/** Topic names. Every topic shares one prefix (`modelwatch.` by default). */
export interface TopicNames {
  readonly inference: string;
  readonly groundTruth: string;
  readonly control: string;
  /** Metric events: every metric of a window when it is evaluated, for the rules engine. */
  readonly metrics: string;
  readonly alerts: string;
  readonly dlq: string;
}

export function topicNames(prefix: string): TopicNames {
  return {
    inference: `${prefix}inference`,
    groundTruth: `${prefix}ground-truth`,
    control: `${prefix}control`,
    metrics: `${prefix}metrics`,
    alerts: `${prefix}alerts`,
    dlq: `${prefix}dlq`,
  };
}
