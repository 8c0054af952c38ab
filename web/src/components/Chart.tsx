import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ES module build: the CommonJS one (lib/) reaches the bundle as { default: … } and React refuses it.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsOption } from 'echarts';

// Only the chart types the UI draws: a fraction of the full ECharts bundle.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function Chart({
  option,
  height = 240,
  label,
  onClick,
}: {
  option: EChartsOption;
  height?: number;
  label: string;
  /** A click on a bar or point: its category (x-axis value), index and series. */
  onClick?: (at: { name: string; dataIndex: number; seriesName?: string }) => void;
}) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height, cursor: onClick ? 'pointer' : undefined }}
        notMerge
        lazyUpdate
        onEvents={
          onClick
            ? { click: (e: { name: string; dataIndex: number; seriesName?: string }) => onClick(e) }
            : undefined
        }
      />
    </div>
  );
}
