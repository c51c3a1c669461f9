/**
 * The digest's chart of daily activity, as a PNG: mail clients show PNG inline (as a cid: part), while
 * Gmail and others drop SVG. Drawn pixel by pixel and encoded here, so no image library joins the bundle.
 * It carries no text: the legend and day labels are HTML around it, and the alt text says the numbers.
 */
import { deflateSync } from 'node:zlib';
import type { DayActivity } from '../domain/digest.ts';

/** The bars' colours, for the HTML legend too: blue, amber and green stay apart for colour-blind readers. */
export const ACTIVITY_CHART_COLORS = {
  posts: '#2563eb',
  votes: '#f59e0b',
  comments: '#10b981',
} as const;

export type ActivitySeries = keyof typeof ACTIVITY_CHART_COLORS;
const SERIES: readonly ActivitySeries[] = ['posts', 'votes', 'comments'];

// White, whatever the mail client's theme: the bars read the same in dark mode.
const BACKGROUND = '#ffffff';
const BASELINE = '#6b7280';

export interface ActivityChartOptions {
  /** CSS pixels; the email's <img> gets these as width and height. */
  width?: number;
  height?: number;
  /** Device pixels per CSS pixel: 2 stays crisp on high-density screens. */
  scale?: number;
}

/** Posts, votes and comments per day, grouped by day, as PNG bytes of (width × scale) by (height × scale). */
export function activityChartPng(days: DayActivity[], opts: ActivityChartOptions = {}): Uint8Array {
  const { width = 560, height = 180, scale = 2 } = opts;
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  if (!(w > 0 && h > 0) || w > 8192 || h > 8192) throw new RangeError(`Invalid chart size ${w}×${h}`);
  const image = new Pixels(w, h, BACKGROUND);

  const css = (px: number) => Math.max(1, Math.round(px * scale));
  const pad = css(8);
  const lineWidth = css(1);
  const baseY = h - pad - lineWidth;
  const plotHeight = baseY - pad;
  // Votes may be net of votes taken back: a day below zero draws no bar (the alt text still says it).
  const max = Math.max(0, ...days.flatMap((day) => SERIES.map((series) => day[series])));

  if (max > 0 && plotHeight > 0) {
    const slot = (w - 2 * pad) / days.length;
    // The gap between days is wider than between a day's bars, so the groups read as days.
    const groupGap = slot * 0.3;
    const barGap = Math.min(css(2), (slot - groupGap) / 6);
    const barWidth = (slot - groupGap - 2 * barGap) / SERIES.length;
    days.forEach((day, i) => {
      const left = pad + i * slot + groupGap / 2;
      SERIES.forEach((series, j) => {
        const value = day[series];
        if (value <= 0) return;
        // A small count stays visible next to a large one.
        const barHeight = Math.min(plotHeight, Math.max(css(2), Math.round((value / max) * plotHeight)));
        const x = left + j * (barWidth + barGap);
        image.fill(
          Math.round(x),
          baseY - barHeight,
          Math.round(x + barWidth),
          baseY,
          ACTIVITY_CHART_COLORS[series],
        );
      });
    });
  }
  image.fill(pad, baseY, w - pad, baseY + lineWidth, BASELINE);
  return encodePng(image);
}

/** The chart in words, for the <img alt>: "Daily activity, Mon 30 Nov to Sun 6 Dec: Mon 3 posts, …". */
export function activityChartAlt(days: DayActivity[]): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return 'Daily activity: no days to show.';
  const range = `Daily activity, ${dayLabel(first.day)} to ${dayLabel(last.day)}`;
  if (days.every((day) => SERIES.every((series) => day[series] === 0)))
    return `${range}: no posts, votes or comments.`;
  const perDay = days.map(
    (day) =>
      `${weekday(day.day)} ${count(day.posts, 'post')}, ${count(day.votes, 'vote')}, ${count(day.comments, 'comment')}`,
  );
  return `${range}: ${perDay.join('; ')}.`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar day (YYYY-MM-DD) is the same date everywhere, so it is read in UTC. */
function calendarDay(day: string): Date {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

const weekday = (day: string) => WEEKDAYS[calendarDay(day).getUTCDay()] ?? day;

function dayLabel(day: string): string {
  const date = calendarDay(day);
  if (Number.isNaN(date.getTime())) return day;
  return `${weekday(day)} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

const count = (n: number, noun: string) => `${n} ${Math.abs(n) === 1 ? noun : `${noun}s`}`;

/** An RGB image, rows top to bottom. */
class Pixels {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: string,
  ) {
    this.data = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  /** Paints [x0, x1) × [y0, y1), clipped to the image. */
  fill(x0: number, y0: number, x1: number, y1: number, hex: string): void {
    const colour = Uint8Array.from(rgb(hex));
    const left = Math.max(0, x0);
    const right = Math.min(this.width, x1);
    for (let y = Math.max(0, y0); y < Math.min(this.height, y1); y++)
      for (let x = left; x < right; x++) this.data.set(colour, (y * this.width + x) * 3);
  }
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG (ISO/IEC 15948): 8-bit truecolour, no interlace, each row with filter type 0 (none). */
function encodePng(image: Pixels): Uint8Array {
  const { width, height, data } = image;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth, colour type RGB, deflate, adaptive filtering, no interlace
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [
    Uint8Array.from(PNG_SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

/** Length, type, data, and the CRC of type and data. */
function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** CRC-32 as PNG (and zip) use it: polynomial 0xEDB88320, reflected. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
