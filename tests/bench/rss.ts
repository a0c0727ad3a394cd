/** Samples this process's resident memory while a measurement runs. */
export interface RssSampler {
  /** Stops sampling; the highest RSS seen, in MB. */
  stop(): number;
}

/**
 * Reads `process.memoryUsage.rss()` every `everyMs` (100 ms): RSS is what the operating system
 * holds for the process (heap, code, buffers), the figure a container's memory limit applies to.
 */
export function sampleRss(everyMs = 100): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / 1024 / 1024;
    },
  };
}
