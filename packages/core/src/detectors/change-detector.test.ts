import { describe, expect, it } from 'vitest';
import { hasWarningZone } from './change-detector.ts';
import { DETECTORS, type DetectorType } from './registry.ts';

describe('hasWarningZone', () => {
  it.each<[DetectorType, boolean]>([
    ['ddm', true],
    ['eddm', true],
    ['adwin', false],
    ['page-hinkley', false],
  ])('%s: %s', (type, expected) => {
    const detector = new DETECTORS[type]();
    expect(hasWarningZone(detector)).toBe(expected);
    if (hasWarningZone(detector)) expect(detector.warningDetected).toBe(false);
  });
});
