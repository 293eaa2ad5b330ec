import { describe, expect, it } from 'vitest';
import { CALIBRATION_EDGES, CalibrationBins, calibrationBin } from './calibration-bins.ts';

describe('CalibrationBins', () => {
  it("uses calibration_curve's right-closed bins on np.linspace's edges", () => {
    expect(CALIBRATION_EDGES[2]).toBe(0.30000000000000004);
    expect(calibrationBin(0)).toBe(0);
    expect(calibrationBin(0.1)).toBe(0);
    expect(calibrationBin(0.10000000000000002)).toBe(1);
    expect(calibrationBin(0.3)).toBe(2);
    expect(calibrationBin(0.30000000000000004)).toBe(2);
    expect(calibrationBin(1)).toBe(9);
  });

  it('ECE weighs |positive rate - mean score| by bin size', () => {
    const c = new CalibrationBins();
    c.add(0.05, false);
    c.add(0.05, false);
    c.add(0.95, true);
    c.add(0.95, false);
    // bin 0: rate 0, mean 0.05; bin 9: rate 0.5, mean 0.95
    expect(c.expectedCalibrationError()).toBeCloseTo(0.5 * 0.05 + 0.5 * 0.45, 15);
    expect(new CalibrationBins().expectedCalibrationError()).toBeNull();
    const round = CalibrationBins.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(round.bins()).toEqual(c.bins());
    expect(CalibrationBins.merge(c, new CalibrationBins()).bins()).toEqual(c.bins());
    expect(() => CalibrationBins.fromJSON([])).toThrow(/expected 10/);
  });
});
