import { Card, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { Grid } from '../../api/types';
import { Chart } from '../../components/Chart';
import { DataState } from '../../components/DataState';
import { GeoMap, type MapFeature } from '../../components/GeoMap';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { displayText } from '../../lib/display';
import { useAsync, type AsyncState } from '../../lib/use-async';
import { rankingLevelBelow, type CaseCounts, type UnitLoad } from './data';
import { gridsOf, type ScopeStep } from './scope';

export const OPEN_SHADES = ['#f0f0f0', '#ffe7ba', '#ffc069', '#fa8c16'];
export const OVERDUE = '#cf1322';

/** The shade of a grid: 0 without open cases, then thirds of the busiest grid's load (1–3). */
export function shadeOf(open: number, max: number): number {
  return open === 0 ? 0 : Math.min(3, 1 + Math.floor((open / Math.max(1, max)) * 2.999));
}

/** Each shade's range of open cases among the grids drawn, for the legend ("1–3", "4–7" …). */
export function shadeRanges(loads: number[]): (string | null)[] {
  const max = Math.max(1, ...loads);
  return OPEN_SHADES.map((_, shade) => {
    const inShade = loads.filter((open) => shadeOf(open, max) === shade);
    if (shade === 0) return '0';
    if (!inShade.length) return null;
    const [lo, hi] = [Math.min(...inShade), Math.max(...inShade)];
    return lo === hi ? String(lo) : `${lo}–${hi}`;
  });
}

/** Grids under the scope shaded by their open cases (red where any is overdue), open cases as points. */
export function GridShadingMap({
  scope,
  counts,
  onGrid,
}: {
  scope: ScopeStep;
  counts: AsyncState<CaseCounts>;
  onGrid: (grid: Grid) => void;
}) {
  const { t } = useI18n();
  const grids = useAsync(
    (signal) => (scope.level === 'grid' ? Promise.resolve([]) : gridsOf(scope.code, true, signal)),
    [scope.code],
  );
  const { features, legend } = useMemo(() => {
    const byUnit = counts.data?.byUnit ?? new Map<string, UnitLoad>();
    const drawn = (grids.data ?? []).filter((g) => g.polygon);
    const loads = drawn.map((g) => byUnit.get(g.code) ?? { open: 0, overdue: 0 });
    const max = Math.max(1, ...loads.map((l) => l.open));
    const areas: MapFeature[] = drawn.map((g, i) => ({
      id: g.code,
      geometry: g.polygon!,
      color: loads[i].overdue > 0 ? OVERDUE : OPEN_SHADES[shadeOf(loads[i].open, max)],
      label: displayText(g.name),
      tooltip: t('dashboard.mapTip', { open: loads[i].open, overdue: loads[i].overdue }),
      properties: { open: loads[i].open, overdue: loads[i].overdue },
    }));
    const points: MapFeature[] = (counts.data?.points ?? []).map((p) => ({
      id: p.id,
      geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] },
      color: p.overdue ? OVERDUE : '#d46b08',
      tooltip: t(p.overdue ? 'dashboard.pointOverdue' : 'dashboard.pointOpen'),
    }));
    return { features: [...areas, ...points], legend: shadeRanges(loads.map((l) => l.open)) };
  }, [grids.data, counts.data, t]);
  return (
    <Card size="small" title={t('dashboard.map')}>
      <DataState loading={grids.loading} error={grids.error ?? counts.error} onRetry={grids.reload}>
        <GeoMap
          features={features}
          height={300}
          label={t('dashboard.map')}
          onSelect={(code) => {
            const grid = grids.data?.find((g) => g.code === code);
            if (grid) onGrid(grid);
          }}
        />
        <Space size={4} wrap style={{ marginTop: 6 }} aria-label={t('dashboard.legend')}>
          <Typography.Text type="secondary">{t('dashboard.legendOpen')}</Typography.Text>
          {OPEN_SHADES.map((color, i) =>
            legend[i] === null ? null : (
              <Tag key={color} color={color} style={{ color: 'rgba(0, 0, 0, 0.88)', marginInlineEnd: 0 }}>
                {legend[i]}
              </Tag>
            ),
          )}
          <Tag color={OVERDUE}>{t('dashboard.legendOverdue')}</Tag>
          <Typography.Text type="secondary">{t('dashboard.mapClick')}</Typography.Text>
        </Space>
      </DataState>
    </Card>
  );
}

/** Open and overdue cases per unit one level down, as bars: a click drills into the unit. */
export function UnitLoadChart({
  scope,
  counts,
  names,
  onUnit,
}: {
  scope: ScopeStep;
  counts: AsyncState<CaseCounts>;
  names: Map<string, string>;
  onUnit: (step: ScopeStep) => void;
}) {
  const { t } = useI18n();
  const level = rankingLevelBelow(scope.level);
  const rows = useMemo(
    () =>
      (counts.data?.children ?? [])
        .filter((c) => names.has(c.unit))
        .sort((a, b) => b.open - a.open)
        .slice(0, 12),
    [counts.data, names],
  );
  if (!level) return null;
  const levelName = t(`level.${level}` as MessageKey);
  return (
    <Card size="small" title={t('dashboard.byUnit', { level: levelName })}>
      <DataState loading={counts.loading} error={counts.error} onRetry={counts.reload} empty={!rows.length}>
        <Chart
          label={t('dashboard.byUnit', { level: levelName })}
          height={200}
          onClick={({ dataIndex }) => {
            const row = rows[dataIndex];
            if (row) onUnit({ code: row.unit, name: names.get(row.unit)!, level });
          }}
          option={{
            tooltip: { trigger: 'axis' },
            legend: { data: [t('dashboard.open'), t('dashboard.overdue')], bottom: 0 },
            grid: { left: 36, right: 12, top: 12, bottom: 56 },
            xAxis: {
              type: 'category',
              data: rows.map((r) => displayText(names.get(r.unit))),
              axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0, fontSize: 11 },
            },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { name: t('dashboard.open'), type: 'bar', data: rows.map((r) => r.open), color: '#fa8c16' },
              { name: t('dashboard.overdue'), type: 'bar', data: rows.map((r) => r.overdue), color: OVERDUE },
            ],
          }}
        />
      </DataState>
    </Card>
  );
}
