import cliProgress from 'cli-progress';

/** Reports the bytes received so far and the total size when the server sent one. */
export type ProgressCallback = (received: number, total: number | undefined) => void;

/** A byte-count progress display. */
export interface ProgressBar {
  /** Reports bytes received so far (and the total when known). */
  update(received: number, total: number | undefined): void;
  /** Finishes the bar. */
  stop(): void;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  /**
   * `true` always draws (a non-TTY stream gets a line every few seconds), `false` never;
   * by default the bar is drawn only when the stream is a TTY.
   */
  enabled?: boolean;
  /** Where to draw; defaults to `process.stderr`. */
  stream?: NodeJS.WritableStream;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/**
 * A download progress bar on stderr (through `cli-progress`), like the tqdm bar of
 * torchvision's downloads: `train-images-idx3-ubyte.gz |████░░░░| 45% | 11.9/26.4 MB | 3.1 MB/s`.
 * Returns a bar that does nothing when it is disabled.
 */
export function createProgressBar(label: string, options: ProgressBarOptions = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const isTTY = Boolean((stream as { isTTY?: boolean }).isTTY);
  const enabled = options.enabled ?? isTTY;
  if (!enabled) return { update() {}, stop() {} };

  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  let knownTotal: number | undefined;
  const payload = (received: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    return {
      label,
      received: mb(received),
      totalMB: knownTotal === undefined ? '?' : mb(knownTotal),
      speed: `${mb(received / seconds)} MB/s`,
    };
  };
  return {
    update(received, total) {
      if (!bar) {
        knownTotal = total;
        const format =
          total === undefined
            ? '{label} | {received} MB | {speed}'
            : '{label} |{bar}| {percentage}% | {received}/{totalMB} MB | {speed}';
        bar = new cliProgress.SingleBar(
          { stream, format, hideCursor: false, noTTYOutput: !isTTY, notTTYSchedule: 2000, fps: 10 },
          cliProgress.Presets.shades_classic,
        );
        // cli-progress needs a total; an unknown size gets a placeholder the format never shows.
        bar.start(total ?? 1, 0, payload(received));
      }
      bar.update(knownTotal === undefined ? 0 : Math.min(received, knownTotal), payload(received));
    },
    stop() {
      bar?.stop();
    },
  };
}
