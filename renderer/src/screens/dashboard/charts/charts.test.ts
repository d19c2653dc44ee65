import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { TimeSeriesChart, chartRows, describeSeries } from './TimeSeriesChart';
import { BarChart, describeBars } from './BarChart';

describe('charts', () => {
  it('a time series says every series’ total and peak in words, beside a picture hidden from screen readers', () => {
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
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain('Messages sent per channel. SMS: 13 in total, most (9) at Tue. Email: none.');
  });

  it('describeSeries picks the first peak, and says the last value of a cumulative series', () => {
    expect(describeSeries([{ name: 'Failed', color: 'red', values: [2, 2] }], ['a', 'b'])).toBe('Failed: 4 in total, most (2) at a.');
    expect(describeSeries([{ name: 'Delivered', color: 'g', values: [1, 4, 7] }], ['9:00', '9:05', '9:10'], true)).toBe('Delivered: 7 by 9:10.');
  });

  it('rows for the chart carry one value per series and label (missing values are 0)', () => {
    expect(chartRows(['a', 'b'], [{ name: 'SMS', color: 'x', values: [5] }])).toEqual([
      { label: 'a', SMS: 5 },
      { label: 'b', SMS: 0 },
    ]);
  });

  it('a bar chart says each row’s total and parts', () => {
    const rows = [
      { label: 'SMS', parts: [{ name: 'Delivered', value: 30, color: 'green' }, { name: 'Failed', value: 10, color: 'red' }] },
      { label: 'Email', parts: [{ name: 'Delivered', value: 20, color: 'green' }, { name: 'Failed', value: 0, color: 'red' }] },
    ];
    expect(describeBars(rows)).toBe('SMS: 40 (Delivered 30, Failed 10). Email: 20 (Delivered 20, Failed 0).');
    expect(renderToStaticMarkup(createElement(BarChart, { title: 'Outcomes per channel', rows }))).toContain('Outcomes per channel. SMS: 40');
  });
});
