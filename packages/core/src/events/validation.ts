/** The outcome of validating one event: the normalised value, or why it was refused. */
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };
