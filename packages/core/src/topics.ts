/** Topic names. Every topic shares one prefix (`modelwatch.` by default). */
export interface TopicNames {
  readonly inference: string;
  readonly groundTruth: string;
  readonly control: string;
  readonly alerts: string;
  readonly dlq: string;
}

export function topicNames(prefix: string): TopicNames {
  return {
    inference: `${prefix}inference`,
    groundTruth: `${prefix}ground-truth`,
    control: `${prefix}control`,
    alerts: `${prefix}alerts`,
    dlq: `${prefix}dlq`,
  };
}
