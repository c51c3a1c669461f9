import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DayActivity } from '../domain/digest.ts';
import { ACTIVITY_CHART_COLORS, activityChartAlt, activityChartPng } from './activity-chart.ts';

const week: DayActivity[] = [
  { day: '2026-11-30', posts: 3, votes: 12, comments: 4 },
  { day: '2026-12-01', posts: 1, votes: 5, comments: 0 },
  { day: '2026-12-02', posts: 0, votes: 0, comments: 0 },
  { day: '2026-12-03', posts: 2, votes: 30, comments: 6 },
  { day: '2026-12-04', posts: 4, votes: 9, comments: 2 },
  { day: '2026-12-05', posts: 0, votes: 1, comments: 1 },
  { day: '2026-12-06', posts: 0, votes: 2, comments: 0 },
];

const zeroWeek = week.map(({ day }) => ({ day, posts: 0, votes: 0, comments: 0 }));

/** Bit by bit, as the PNG specification's sample code does: nothing shared with the encoder's table. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

interface Decoded {
  width: number;
  height: number;
  chunks: string[];
  /** [r, g, b] at (x, y). */
  pixel(x: number, y: number): [number, number, number];
}

function decode(png: Uint8Array): Decoded {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  let header: Uint8Array | undefined;
  for (let at = 8; at < png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(
      crc32(png.subarray(at + 4, at + 8 + length)),
    );
    chunks.push(type);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  expect(header).toBeDefined();
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  expect([...header!.subarray(8)]).toEqual([8, 2, 0, 0, 0]); // 8-bit RGB
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  expect(raw.length).toBe(height * stride);
  for (let y = 0; y < height; y++) expect(raw[y * stride]).toBe(0); // filter type none
  return {
    width,
    height,
    chunks,
    pixel: (x, y) => {
      const i = y * stride + 1 + x * 3;
      return [raw[i]!, raw[i + 1]!, raw[i + 2]!];
    },
  };
}

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
const WHITE = [255, 255, 255];

describe('activityChartPng', () => {
  it('is a valid PNG, 560×180 CSS pixels at 2x by default', () => {
    const image = decode(activityChartPng(week));
    expect([image.width, image.height]).toEqual([1120, 360]);
    expect(image.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('takes the size and scale it is given', () => {
    const image = decode(activityChartPng(week, { width: 300, height: 100, scale: 1 }));
    expect([image.width, image.height]).toEqual([300, 100]);
  });

  it('draws the tallest bar in the votes colour, on that day, with background above it', () => {
    const image = decode(activityChartPng(week));
    const votes = rgb(ACTIVITY_CHART_COLORS.votes);
    // The topmost votes-coloured pixel belongs to the tallest bar (Thursday's 30 votes).
    let top: { x: number; y: number } | undefined;
    for (let y = 0; y < image.height && !top; y++)
      for (let x = 0; x < image.width; x++)
        if (String(image.pixel(x, y)) === String(votes)) {
          top = { x, y };
          break;
        }
    expect(top).toBeDefined();
    const { x, y } = top!;
    expect(Math.floor((x / image.width) * week.length)).toBe(3);
    expect(image.pixel(x + 2, y + 40)).toEqual(votes);
    expect(image.pixel(x + 2, y - 4)).toEqual(WHITE);
    // Every series shows somewhere, and the gaps between days stay background.
    for (const colour of Object.values(ACTIVITY_CHART_COLORS)) {
      let seen = false;
      for (let px = 0; px < image.width && !seen; px++)
        seen = String(image.pixel(px, image.height - 30)) === String(rgb(colour));
      expect(seen, colour).toBe(true);
    }
    const betweenMondayAndTuesday = Math.round(image.width / week.length);
    expect(image.pixel(betweenMondayAndTuesday, image.height - 30)).toEqual(WHITE);
  });

  it('draws only the baseline for a week without activity', () => {
    const image = decode(activityChartPng(zeroWeek));
    const colours = new Set<string>();
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) colours.add(String(image.pixel(x, y)));
    expect(colours.size).toBe(2);
    expect(colours).toContain(String(WHITE));
    const baselineRows = Array.from({ length: image.height }, (_, y) => y).filter(
      (y) => String(image.pixel(image.width / 2, y)) !== String(WHITE),
    );
    expect(baselineRows.length).toBeGreaterThan(0);
    expect(Math.min(...baselineRows)).toBeGreaterThan(image.height * 0.8);
  });

  it('copes with no days at all', () => {
    expect(decode(activityChartPng([])).width).toBe(1120);
  });

  it('refuses a size it cannot draw', () => {
    expect(() => activityChartPng(week, { width: 0 })).toThrow(RangeError);
  });
});

describe('activityChartAlt', () => {
  it('says every day’s numbers, with the week’s first and last day', () => {
    const alt = activityChartAlt(week);
    expect(alt).toMatch(/^Daily activity, Mon 30 Nov to Sun 6 Dec: /);
    expect(alt).toContain('Mon 3 posts, 12 votes, 4 comments; Tue 1 post, 5 votes, 0 comments;');
    expect(alt).toContain('Thu 2 posts, 30 votes, 6 comments');
    expect(alt).toContain('Sat 0 posts, 1 vote, 1 comment; Sun 0 posts, 2 votes, 0 comments.');
  });

  it('says so when nothing happened', () => {
    expect(activityChartAlt(zeroWeek)).toBe(
      'Daily activity, Mon 30 Nov to Sun 6 Dec: no posts, votes or comments.',
    );
    expect(activityChartAlt([])).toBe('Daily activity: no days to show.');
  });
});
