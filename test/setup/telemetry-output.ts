/** What Powertools prints, captured for tests: JSON lines on process.stdout (info, EMF) and stderr. */
import { vi } from 'vitest';

export interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

export function captureTelemetryOutput() {
  const lines: Record<string, unknown>[] = [];
  const collect = (chunk: unknown) => {
    for (const text of String(chunk).split('\n')) if (text.startsWith('{')) lines.push(JSON.parse(text));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(collect);
  vi.spyOn(process.stderr, 'write').mockImplementation(collect);
  return {
    /** Every line, logs and EMF blobs alike. */
    lines,
    logs: () => lines.filter((l) => !('_aws' in l)),
    emf: () => lines.filter((l) => '_aws' in l) as Emf[],
  };
}
