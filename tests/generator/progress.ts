import type { LoadProgress } from './load-union';

/** A one-line progress bar on stderr (no dependency): step, bar, counts, rate. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): (progress: LoadProgress) => void {
  let step = '';
  let started = Date.now();
  return ({ step: current, done, total }) => {
    if (current !== step) {
      if (step) stream.write('\n');
      step = current;
      started = Date.now();
    }
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    stream.write(
      `\r${current.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${Math.round(rate).toLocaleString('en')}/s   `,
    );
  };
}
