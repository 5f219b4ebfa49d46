// What the command line prints: JSON or readable text on stdout, one-line errors on stderr, and a
// spinner on stderr only while stdout and stderr are a terminal (nothing extra when piped). Every
// string written passes through `hide`, which replaces the API key (belt and braces: the SDK
// already keeps it out of its errors).

import { stateLabel as label } from 'looply-sdk';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** An execution state in words (the package's table), or '-'. */
export const stateLabel = (state) => label(state) || '-';

/** Milliseconds since the epoch as `2025-11-24 16:00:00` (UTC), or '-'. */
export function when(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** What a call answered, without the `{ message }` envelope: its `item`, else its other fields. */
export function unwrap(answer) {
  if (answer && typeof answer === 'object' && 'item' in answer) return answer.item;
  const { message, ...rest } = answer ?? {};
  return rest;
}

export class Output {
  #stdout;
  #stderr;
  #secrets;
  #spinning = false;

  /**
   * `json`: whether the command prints JSON; `secrets`: the API keys given (flag and environment),
   * never to be printed (of 6 characters or more, the SDK's own floor: a shorter string would
   * blank out ordinary words).
   */
  constructor({ stdout, stderr, json, secrets = [] }) {
    this.#stdout = stdout;
    this.#stderr = stderr;
    this.json = Boolean(json);
    this.#secrets = secrets.filter((s) => typeof s === 'string' && s.length >= 6);
  }

  /** `text` with the API keys replaced by `***`. */
  hide(text) {
    return this.#secrets.reduce((t, s) => t.replaceAll(s, '***'), text);
  }

  /** Writes to stdout, first clearing a spinner's line (the next frame draws it again below). */
  #write(text) {
    if (this.#spinning) this.#stderr.write('\r\x1b[K');
    this.#stdout.write(this.hide(text));
  }

  /** Writes lines of text to stdout. */
  print(...lines) {
    this.#write(`${lines.join('\n')}\n`);
  }

  /** Writes a value as JSON to stdout (indented, or one line for a stream of them). */
  value(value, { line = false } = {}) {
    this.#write(`${JSON.stringify(value, null, line ? undefined : 2)}\n`);
  }

  /** Writes text to stderr (an error's line, a usage). */
  error(text) {
    this.#stderr.write(this.hide(`${text}\n`));
  }

  /** `rows` (arrays of cells) under `headers`, columns padded to their widest cell. */
  table(headers, rows) {
    const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '-')));
    const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    this.print(...cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')));
  }

  /**
   * A spinner with `text` on stderr while something runs, when both stdout and stderr are a
   * terminal; otherwise nothing. Returns `{ update(text), stop() }`.
   */
  progress(text) {
    const tty = this.#stdout.isTTY && this.#stderr.isTTY;
    if (!tty) return { update() {}, stop() {} };
    let frame = 0;
    let label = text;
    const draw = () => this.#stderr.write(this.hide(`\r${FRAMES[frame++ % FRAMES.length]} ${label}\x1b[K`));
    draw();
    this.#spinning = true;
    const timer = setInterval(draw, 80);
    timer.unref?.();
    return {
      update(next) {
        label = next;
      },
      stop: () => {
        clearInterval(timer);
        this.#spinning = false;
        this.#stderr.write('\r\x1b[K');
      },
    };
  }
}
