export { ADWIN, type AdwinOptions, type AdwinSnapshot, type AdwinState } from './adwin.ts';
export { hasWarningZone, type ChangeDetector, type DetectorSnapshot, type WarningChangeDetector } from './change-detector.ts';
export { DDM, type DdmOptions, type DdmSnapshot, type DdmState } from './ddm.ts';
export { DetectorOptionsError } from './detector-options-error.ts';
export { EDDM, type EddmOptions, type EddmSnapshot, type EddmState } from './eddm.ts';
export { PageHinkley, type PageHinkleyMode, type PageHinkleyOptions, type PageHinkleySnapshot, type PageHinkleyState } from './page-hinkley.ts';
export { DETECTORS, createDetector, isDetectorType, restoreDetector, type DetectorOptions, type DetectorType } from './registry.ts';
