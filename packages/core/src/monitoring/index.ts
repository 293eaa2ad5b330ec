export { fitReferenceProfile, referenceIdOf, type FitReferenceInput, type FitReferenceOptions } from './fit-reference-profile.ts';
export { parseReferenceProfile } from './parse-reference-profile.ts';
export { ReferenceProfileError } from './reference-profile-error.ts';
export { referenceRowFromInference, withLabel, type RowLabel } from './reference-rows.ts';
