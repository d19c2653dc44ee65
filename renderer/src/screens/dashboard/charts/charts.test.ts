import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { TimeSeriesChart, describeSeries } from './TimeSeriesChart';
import { BarChart } from './BarChart';

describe('SVG charts', () => {
  it('a time series is an image with a title and a description of every series’ total and peak', () => {
    const html = renderToStaticMarkup(
      createElement(TimeSeriesChart, {
        title: 'Messages sent per channel',
        labels: ['Mon', 'Tue', 'Wed'],
        series: [
          { name: 'SMS', color: '#2d72d2', values: [3, 9, 1] },
          { name: 'Email', color: '#c87619', values: [0, 0, 0] },
        ],
      }),
    );
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="[^"]+">Messages sent per channel<\/title>/);
    expect(html).toContain('SMS: 13 in total, most (9) at Tue. Email: none.');
    // One polyline per series with one point per label.
    const lines = html.match(/<polyline[^>]*points="([^"]*)"/g) ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]?.match(/points="([^"]*)"/)?.[1]?.split(' ')).toHaveLength(3);
  });

  it('describeSeries picks the first peak', () => {
    expect(describeSeries([{ name: 'Failed', color: 'red', values: [2, 2] }], ['a', 'b'])).toBe('Failed: 4 in total, most (2) at a.');
  });

  it('a bar chart says each row’s total and parts, and draws bars in proportion', () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        title: 'Outcomes per channel',
        rows: [
          { label: 'SMS', parts: [{ name: 'Delivered', value: 30, color: 'green' }, { name: 'Failed', value: 10, color: 'red' }] },
          { label: 'Email', parts: [{ name: 'Delivered', value: 20, color: 'green' }, { name: 'Failed', value: 0, color: 'red' }] },
        ],
      }),
    );
    expect(html).toContain('SMS: 40 (Delivered 30, Failed 10). Email: 20 (Delivered 20, Failed 0).');
    const widths = [...html.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]! / widths[1]!).toBeCloseTo(3);
    expect(widths[0]! / widths[2]!).toBeCloseTo(1.5);
  });
});
