/**
 * A JSON.stringify replacer that rounds timings (keys ending in "Ms") to the
 * microsecond: performance.now() differences carry float noise
 * (12.345678901234567) that no reader needs and that bloats every report.
 */
export function roundTimings(key: string, value: unknown): unknown {
  return typeof value === 'number' && key.endsWith('Ms') && !Number.isInteger(value)
    ? Math.round(value * 1000) / 1000
    : value;
}
