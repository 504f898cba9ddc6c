// The "tasks finished per second" chart, drawn with uPlot (small, canvas-based, made for time series).

import uPlot from 'uplot';
import type { Series } from './throughput';

export interface Chart {
  update(series: Series): void;
}

const HEIGHT = 180;

export function mountThroughputChart(container: HTMLElement): Chart {
  const size = () => ({ width: Math.max(240, container.clientWidth), height: HEIGHT });
  const plot = new uPlot(
    {
      ...size(),
      scales: {
        x: { time: true },
        // From zero, and never a flat line squeezed into nothing when nothing finishes.
        y: { range: (_plot, _min, max) => [0, Math.max(1, max)] },
      },
      series: [
        {},
        {
          label: 'finished / s',
          stroke: '#0969da',
          fill: 'rgba(9, 105, 218, 0.12)',
          width: 1.5,
          points: { show: false },
        },
      ],
    },
    [[], []],
    container,
  );
  new ResizeObserver(() => plot.setSize(size())).observe(container);
  return { update: (series) => plot.setData(series) };
}
